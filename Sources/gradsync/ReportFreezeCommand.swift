import ArgumentParser
import Foundation
import GradSyncPlacement
import GradSyncRecords

/// `gradsync report freeze`: publish the placement report as of a cutoff date, kept with the vector it was counted from.
struct ReportFreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract: "Publish the placement report as of a date (初次统计, 年终统计), kept byte for byte with its vector.",
        discussion: """
            Counts what this node had received by the end of --as-of (Beijing time), prints the report as \
            JSON and keeps it under --label with the vector of the changes it was counted from. \
            'gradsync report published LABEL' prints it again, byte for byte; --changes lists what \
            changed since (which graduates, which fields, who).

            Examples:
              gradsync report freeze --as-of 2024-08-31 --label 初次统计
              gradsync report freeze --as-of 2024-12-31 --label 年终统计 --by major
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("The name the report is published under (unique).", valueName: "LABEL"))
    var label: String

    @Option(help: ArgumentHelp("What rows group graduates by.", valueName: "department|major|degree_level|gender|origin_province|key_group"))
    var by: PlacementDimension = .department

    func validate() throws {
        guard options.asOf != nil else { throw ValidationError("--as-of is required: the date the published figures are as of") }
    }

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            guard let snapshot = data.snapshot else { return }
            let table = PlacementReport.make(groups: try data.groups(PlacementReport.fieldsRead(by: by)), by: by,
                                             departments: data.departments)
            let body = table.renderJSON()
            try options.homeOptions.openReplica().publish(label: label, asOf: snapshot.day, vector: try snapshot.replica.store.versionVector(),
                                                          body: body)
            print(body)
        }
    }
}
