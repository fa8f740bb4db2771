import ArgumentParser
import Foundation
import GradSyncPlacement
import GradSyncServer
import Logging

/// `gradsync serve`: serves this replica over HTTP(S) until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve this replica over HTTP so other replicas can sync with it.",
        discussion: """
            Ctrl-C or SIGTERM stops the server cleanly: requests in flight finish, and a page being
            applied commits or rolls back whole. Port 0 picks a free port (printed on stderr).

            Examples:
              gradsync serve --host 0.0.0.0 --port 8443 --tls-cert /etc/gradsync/cert.pem --tls-key /etc/gradsync/key.pem
              gradsync serve --port 8080 --university-province 35

            On the central node, the office's dashboard is at / (sign in with a token from 'gradsync token issue --central').
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(help: ArgumentHelp("A PEM certificate chain, to serve HTTPS.", valueName: "FILE"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "FILE"))
    var tlsKey: String?

    @Option(help: "Log lines as text or json (on stderr).")
    var logFormat: String = "text"

    @Option(help: "Hours a dashboard session lasts without use.")
    var sessionHours: Double = 8

    @Option(help: ArgumentHelp("The university's two-digit province code (GB/T 2260), for the dashboard's regional flows.", valueName: "CODE"))
    var universityProvince: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json") }
        guard sessionHours > 0, sessionHours <= 24 * 30 else { throw ValidationError("--session-hours must be more than 0 and at most 720") }
        if let universityProvince, Region.provinces[universityProvince] == nil {
            throw ValidationError("--university-province must be a two-digit province code such as 11 (北京) or 35 (福建)")
        }
    }

    func run() async throws {
        try await reportingFailures {
            bootstrapLogging(format: LogFormat(rawValue: logFormat) ?? .text)
            let logger = Logger(label: "gradsync.serve")
            let store = try homeOptions.replicaHome.openStore()
            let tls = tlsCert.map { SyncServer.TLSFiles(certificateChain: $0, privateKey: tlsKey!) }
            let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
            if tls == nil && !loopback {
                printError("""
                    WARNING: serving plain HTTP on \(host). Graduate records are personal data and tokens travel in every
                    request: anyone on the network path can read them. Use --tls-cert and --tls-key, or serve on 127.0.0.1 behind a TLS proxy.
                    """)
            }
            let scheme = tls == nil ? "http" : "https"
            let dashboard = DashboardConfiguration(sessionIdleMilliseconds: UInt64(sessionHours * 3_600_000),
                                                   universityProvince: universityProvince)
            let server = SyncServer(store: store, logger: logger, dashboard: dashboard)
            try await server.run(host: host, port: port, tls: tls) { bound in
                FileHandleOutput.standardError("gradsync: serving replica \(store.replicaID) (scope \(store.scope)) on \(scheme)://\(host):\(bound)\n")
            }
        }
    }
}
