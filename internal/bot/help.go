package bot

// HelpText is the reply to `/migrate help`. Every command is quoted inside
// a sentence so that no line of it starts with the command prefix: the bot
// ignores its own comments, but a person quoting the help in a reply, or
// another bot reading it, must not run anything (TestHelpTextHasNoCommand).
const HelpText = `**migrate-bot commands.** Write each one on its own line of a pull request comment; you need write access to the repository.

- Regenerate: write ` + "`/migrate regenerate`" + ` to have the bot generate the migration files again and overwrite the ones on the branch, including files a person changed after the bot wrote them.
- Rename: write ` + "`/migrate rename users.phone -> users.phone_number`" + ` to plan a table or column as renamed instead of dropped and added (the data is kept). With several projects, name the project first: ` + "`/migrate rename app:users.phone -> users.phone_number`" + `.
- Accept: write ` + "`/migrate accept MB102 the column has been unused since v2.3`" + ` to accept a rule's findings for this pull request, with the reason; they stay in the report, marked accepted, and no longer fail the check.
- Help: write ` + "`/migrate help`" + ` to see this message again.

The check run's **Regenerate** button does the same as the regenerate command. Renames and accepted codes last for the life of this pull request.`
