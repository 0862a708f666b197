package cli

import "github.com/migrate-bot/migrate-bot/internal/pipeline"

// Migration names are the pipeline's (pipeline.SanitizeName and
// pipeline.DeriveName); the plan command's tests know them by these names.
var (
	sanitizeName = pipeline.SanitizeName
	deriveName   = pipeline.DeriveName
)

// maxNameLen is the longest migration name.
const maxNameLen = pipeline.MaxNameLen
