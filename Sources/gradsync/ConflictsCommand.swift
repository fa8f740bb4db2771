import ArgumentParser

/// `gradsync conflicts`: the conflict journal, and settling its entries.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the conflict journal, or resolve an entry.",
        discussion: """
            A field edited on two replicas before they synced keeps every value until a person \
            chooses one; a record deleted on one replica while edited on another waits to be \
            restored or kept deleted. Every replica holding the same changes lists the same entries.

            Examples:
              gradsync conflicts
              gradsync conflicts resolve 2021010101 destination_code 10
              gradsync conflicts resolve 2021010102 --restore
            """,
        subcommands: [ConflictsListCommand.self, ConflictsResolveCommand.self],
        defaultSubcommand: ConflictsListCommand.self)
}
