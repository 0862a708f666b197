package store_test

import (
	"context"

	"github.com/migrate-bot/migrate-bot/internal/store"
)

func storeOpen(url, path string) (*store.Store, error) {
	st, err := store.Open(context.Background(), url, path)
	if err == nil {
		st.Close()
	}
	return st, err
}
