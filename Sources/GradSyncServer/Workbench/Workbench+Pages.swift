import Foundation
import GradSyncPlacement
import GradSyncRecords
import Hummingbird

extension Workbench {
    /// The read-only pages, the script, and the downloads.
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        router.get("/assets/workbench.js") { _, _ in WorkbenchResponse.asset(WorkbenchScript.source, type: "text/javascript; charset=utf-8") }
        router.get("/assets/regions.js") { _, _ in WorkbenchResponse.asset(RegionPicker.script, type: "text/javascript; charset=utf-8") }
        router.get("/") { [self] _, _ in
            let replica = self.replica, remote = try? configuration.syncTarget().url.absoluteString
            let data = try await Self.offloaded { try TodayPage.Data.load(replica, remote: remote) }
            return WorkbenchResponse.html(TodayPage(data: data, author: configuration.author).render())
        }
        router.get("/graduates") { [self] request, _ in
            let query = RosterQuery { request.uri.queryParameters.get($0) }
            let replica = self.replica
            let page = try await Self.offloaded {
                // Every record is filtered and sorted by the few fields the query reads; only the page shown is read whole.
                let states = try replica.graduateStates(includeDeleted: query.deleted, reading: query.fieldsRead)
                let majors = Set(states.compactMap { $0.graduate.text("major_name") }).sorted()
                let matched = query.sorted(states.filter(query.matches))
                let shown = try replica.graduateStates(matched[RosterQuery.page(query.page, of: matched.count).range].map(\.id))
                return RosterPage(query: query, total: matched.count, shown: shown, majors: majors,
                                  departments: try replica.departmentDirectory(), author: self.configuration.author)
            }
            return WorkbenchResponse.html(page.render())
        }
        router.get("/ledger") { [self] request, _ in
            let replica = self.replica
            let table = try await Self.offloaded {
                AssistanceReport.make(try replica.graduates(), ledger: try replica.ledgerEntries(), asOf: replica.today)
            }
            let below = request.uri.queryParameters.get("below") == "1"
            return WorkbenchResponse.html(LedgerPage(table: table, belowOnly: below, author: configuration.author).render())
        }
        router.get("/downloads/export.csv") { [self] _, _ in
            let replica = self.replica
            // The export `gradsync export` writes by default: key-group categories (sensitive) stay out.
            let data = try await Self.offloaded { GraduateExporter().csv(try replica.graduates()) ?? Data() }
            return WorkbenchResponse.download(data, fileName: "graduates.csv")
        }
        router.get("/downloads/report.csv") { [self] _, _ in
            let replica = self.replica
            let data = try await Self.offloaded {
                let records = try replica.graduates()
                let tables = [PlacementReport.make(records, by: .major), PlacementReport.make(records, by: .degreeLevel)]
                var rows: [[String]] = []
                for table in tables { rows += table.csvRows() + [[]] }
                return CSVWriter.data(rows) ?? Data()
            }
            return WorkbenchResponse.download(data, fileName: "placement-report.csv")
        }
    }
}
