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
            Ctrl-C or SIGTERM stops the server cleanly: requests in flight finish, and a page being \
            applied commits or rolls back whole. Port 0 picks a free port (printed on stderr).

            Examples:
              gradsync serve --host 0.0.0.0 --port 8443 \\
                  --tls-cert /etc/gradsync/cert.pem --tls-key /etc/gradsync/key.pem
              gradsync serve --port 8080 --university-province 35

            On the central node, the office's dashboard is at / (sign in with a token from 'gradsync token issue --central').

            Silent or slow connections are closed so the node stays reachable: one with \
            no request under way after --idle-timeout; a request whose head is not \
            complete --header-timeout after its first byte, or whose body is not \
            complete --body-timeout after its head; an answer the client stops reading, \
            once nothing of it has drained for --write-stall-timeout; one with more \
            than 16 requests pipelined at once. At most --max-connections are open at once; \
            past that, the connection idle longest is closed to make room (then one \
            still sending a body, then one whose answer has stalled for a second). \
            At start the open-file limit is raised to its hard limit, and the cap is \
            lowered when it must be, to leave 128 descriptors for the database and \
            new sockets; the limits in force are printed on stderr.
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

    @Option(help: ArgumentHelp("Seconds a connection may wait with no request under way.", valueName: "SECONDS"))
    var idleTimeout: Double = 60

    @Option(help: ArgumentHelp("Seconds a request's head may take, from its first byte.", valueName: "SECONDS"))
    var headerTimeout: Double = 10

    @Option(help: ArgumentHelp("Seconds a request's body may take, from the end of its head.", valueName: "SECONDS"))
    var bodyTimeout: Double = 300

    @Option(help: ArgumentHelp("Seconds an answer may go with nothing of it taken by the client.", valueName: "SECONDS"))
    var writeStallTimeout: Double = 60

    @Option(help: ArgumentHelp("The most connections open at once (lowered to fit the open-file limit).", valueName: "N"))
    var maxConnections: Int = 1024

    @Flag(help: "Sync only with replicas that sign: refuse unsigned handshakes, and take no change its writer's key does not prove.")
    var requireSigned = false

    /// The connection limits the options ask for, before fitting the open-file limit.
    var connectionLimits: ConnectionLimits {
        ConnectionLimits(idleTimeout: .milliseconds(Int64(idleTimeout * 1000)), headerTimeout: .milliseconds(Int64(headerTimeout * 1000)),
                         bodyTimeout: .milliseconds(Int64(bodyTimeout * 1000)), writeStallTimeout: .milliseconds(Int64(writeStallTimeout * 1000)),
                         maxConnections: maxConnections)
    }

    func validate() throws {
        for (name, value) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout),
                              ("--write-stall-timeout", writeStallTimeout)] {
            guard value >= 0.1, value <= 86_400 else { throw ValidationError("\(name) must be between 0.1 and 86400 seconds") }
        }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be between 1 and 1000000") }
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
            let store = try await homeOptions.replicaHome.openStoreAsync()
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
            var server = SyncServer(store: store, logger: logger, dashboard: dashboard)
            server.requireSigned = requireSigned
            // A fresh laptop is served the newest snapshot of its department at once when it lacks fewer changes
            // than a laptop would bootstrap for (it pulls the rest), and a department's snapshot is rebuilt once its
            // pushes have settled, so laptops rarely wait for a build.
            await server.snapshots?.keepFresh(SnapshotCache.Freshness(
                servedLag: server.snapshotMinChanges, refreshAfter: .seconds(5), minimumChanges: server.snapshotMinChanges))
            let descriptors = OpenFileLimit.raise()
            let limits = connectionLimits.fitting(descriptorLimit: descriptors)
            if limits.maxConnections < maxConnections {
                printError("--max-connections lowered to \(limits.maxConnections): the open-file limit is \(descriptors)")
            }
            printError("at most \(limits.maxConnections) connections (open-file limit \(descriptors)); idle \(idleTimeout) s, "
                       + "header \(headerTimeout) s, body \(bodyTimeout) s, write stall \(writeStallTimeout) s")
            try await server.run(host: host, port: port, tls: tls, limits: limits) { bound in
                FileHandleOutput.standardError("gradsync: serving replica \(store.replicaID) (scope \(store.scope)) on \(scheme)://\(host):\(bound)\n")
            }
        }
    }
}
