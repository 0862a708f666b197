// Package config reads a repository's `.github/migrate-bot.yml`: the list of
// projects (schema path, dialect and version, output format, migrations
// directory, confirmed renames) the bot plans migrations for.
//
// The file is decoded through yaml.v3's Node API rather than struct tags so
// that every error names the file, the line and the key path
// ("migrate-bot.yml:7: projects[0].dialect: unknown dialect \"oracle\" (want
// postgres)"), and unknown keys are errors rather than silently ignored
// typos. README.md documents every key with an example.
package config
