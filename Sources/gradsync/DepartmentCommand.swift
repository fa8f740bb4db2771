import ArgumentParser

/// `gradsync department`: the university's department directory (code ↔ Chinese name), shared reference data.
struct DepartmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "department",
        abstract: "Set or list the department directory (code and Chinese name).",
        discussion: """
            The directory lives in the shared scope: only the central node writes it, and department \
            replicas receive it when they sync. Roster imports read 学院 cells against it.

            Examples:
              gradsync department set AUTO 自动化学院
              gradsync department list
            """,
        subcommands: [DepartmentSetCommand.self, DepartmentListCommand.self])
}
