import ArgumentParser

/// `gradsync report`: the central office's reports over this replica's graduates and assistance ledger.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Placement rate, destinations, flows, grassroots, assistance, unplaced graduates and data quality.",
        discussion: """
            Reports count the graduates this replica holds (deleted ones left out): a department \
            replica its own department, the central node every department; one cohort (毕业年份, 届), \
            --grad-year YEAR or else the latest held. --as-of YYYY-MM-DD counts what this node had \
            received by the end of that day, Beijing time. --format json prints \
            {"report": NAME, "by": DIM, "rows": [...], "total": {...}}.

            Examples:
              gradsync report placement --by department
              gradsync report flows --by region --province 35 --format csv > 流向.csv
              gradsync report assistance --format json
              gradsync report placement --as-of 2024-08-31 --grad-year 2024
            """,
        subcommands: [
            ReportPlacementCommand.self, ReportDestinationsCommand.self, ReportFlowsCommand.self,
            ReportGrassrootsCommand.self, ReportAssistanceCommand.self, ReportUnplacedCommand.self, ReportQualityCommand.self,
            ReportFreezeCommand.self, ReportPublishedCommand.self,
        ])
}
