import ArgumentParser
import GradSyncPlacement

/// `gradsync report unplaced`: graduates still without a counted destination, for continued service.
struct ReportUnplacedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unplaced",
        abstract: "Graduates still without a counted destination (70, 71, 72 or none).",
        discussion: """
            Name and phone, which follow-up calls need, are personal data: shown only with \
            --include-personal.

            Examples:
              gradsync report unplaced
              gradsync report unplaced --department AUTO --include-personal --format csv \\
                  > 待就业.csv
            """)

    @OptionGroup var options: ReportOptions

    @Flag(help: "Show name and phone.")
    var includePersonal = false

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            let page = try data.replica.unplacedGraduates(department: data.department, cohort: data.cohort)
            options.render(UnplacedReport.make(page.graduates, includePersonal: includePersonal, total: page.total))
        }
    }
}
