import ArgumentParser

/// The `--author` option of every command that writes: who the change log's audit trail names.
struct AuthorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who is writing, for the audit trail (default: $GRADSYNC_AUTHOR, else the login name).", valueName: "NAME"))
    var author: String?

    /// The author written into each change.
    var name: String { currentAuthor(author) }
}
