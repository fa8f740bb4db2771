import ArgumentParser

/// `gradsync graduate`: the graduate records of this replica.
struct GraduateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graduate",
        abstract: "Add, change, show, list, delete and restore graduate records.",
        discussion: """
            Fields use the schema's names (student_no, name, gender, degree_level, grad_year, \
            destination_code, employer_name, ...). Codes are written as given (leading zeros kept); \
            key_groups takes a list separated by , ; or 、.

            Examples:
              gradsync graduate add 2021010101 name=张三 gender=1 degree_level=本科 \\
                  grad_year=2025
              gradsync graduate set 2021010101 destination_code=80 \\
                  study_institution=厦门大学
              gradsync graduate list --where destination_code=70
            """,
        subcommands: [
            GraduateAddCommand.self, GraduateSetCommand.self, GraduateShowCommand.self, GraduateListCommand.self,
            GraduateDeleteCommand.self, GraduateRestoreCommand.self, GraduateHistoryCommand.self,
        ])
}
