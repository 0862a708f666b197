package cli

import (
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/shadow"
)

// shadowServers opens the --shadow-db values, at most one per family; nil
// when none is given.
func shadowServers(urls []string) (pipeline.ShadowFunc, error) {
	if len(urls) == 0 {
		return nil, nil
	}
	seen := map[string]string{}
	var servers []*shadow.Server
	for _, u := range urls {
		s, err := shadow.Open(u)
		if err != nil {
			return nil, fmt.Errorf("--shadow-db: %w", err)
		}
		if prev, ok := seen[s.Family]; ok {
			return nil, fmt.Errorf("--shadow-db: two %s servers (%s and %s): give one per family", s.Family, prev, s)
		}
		seen[s.Family] = s.String()
		servers = append(servers, s)
	}
	return pipeline.ShadowServers(servers...), nil
}
