import ArgumentParser
import GradSyncPlacement

/// `gradsync report assistance`: key-group assistance compliance: mentor assigned, talks ≥ 2, recommendations ≥ 5.
struct ReportAssistanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assistance",
        abstract: "Key-group assistance compliance: mentor assigned, talks ≥ 2, recommendations ≥ 5.",
        discussion: """
            Examples:
              gradsync report assistance
              gradsync report assistance --department AUTO --format json
            """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            options.render(AssistanceReport.make(
                keyGroup: try data.replica.keyGroupGraduates(department: data.department, cohort: data.cohort),
                university: try data.groups(AssistanceReport.universityFieldsRead), ledger: try data.ledger(), asOf: data.today))
        }
    }
}
