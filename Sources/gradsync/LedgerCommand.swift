import ArgumentParser

/// `gradsync ledger`: the key-group assistance ledger (重点群体帮扶工作台账).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Add and list assistance-ledger entries: mentors, talks, recommendations, training.",
        discussion: """
            Each entry is a record of its own, so entries added on several replicas merge as a set \
            and never overwrite each other.

            Examples:
              gradsync ledger add 2021010101 --kind talk mentor=王老师 \\
                  summary=求职意向沟通 date=2025-03-01
              gradsync ledger list 2021010101
            """,
        subcommands: [LedgerAddCommand.self, LedgerListCommand.self])
}
