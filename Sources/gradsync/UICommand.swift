import ArgumentParser
import Foundation
import GradSyncServer
import Logging

/// `gradsync ui`: the secretaries' workbench, served by this replica to the browser on this machine.
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Serve the secretaries' workbench (a web app) to this machine's browser.",
        discussion: """
            Binds 127.0.0.1 only and prints a sign-in URL on a line of its own; the URL works once (it is \
            exchanged for a browser session). Opens the default browser (xdg-open) unless --no-browser. \
            Writes carry --author, else $GRADSYNC_AUTHOR, else the login name. "Sync now" syncs as \
            'gradsync sync' does (remote and token from $GRADSYNC_REMOTE/$GRADSYNC_TOKEN or 'remote set'), \
            under the same lock. Serves until interrupted (Ctrl-C).

            Examples:
              gradsync ui
              gradsync ui --port 8765 --no-browser --author 王老师
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: "The port to listen on (0: any free port).")
    var port = 0

    @Flag(help: "Print the sign-in URL only; do not open a browser.")
    var noBrowser = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        try await reportingFailures {
            bootstrapLogging(format: .text)
            let home = homeOptions.replicaHome
            let replica = try home.openReplica()
            let configuration = WorkbenchConfiguration(author: authorOptions.name, syncTarget: {
                // Read at each "sync now", as a cron `gradsync sync` reads it: flags aside, the environment, then settings.
                let (address, token) = try SyncCommand.parse([]).resolveTarget(home)
                return WorkbenchSyncTarget(url: address.url, token: token, lockPath: home.lockPath)
            })
            let workbench = Workbench(replica: replica, configuration: configuration, logger: Logger(label: "gradsync.ui"))
            let openBrowser = !noBrowser
            try await workbench.run(port: port) { bound in
                guard let url = workbench.signInURL else { return }
                FileHandleOutput.standardError("gradsync: workbench of replica \(replica.store.replicaID) (scope \(replica.store.scope)) "
                                               + "on http://127.0.0.1:\(bound)/ as \(configuration.author); Ctrl-C stops it. Sign in once with:\n")
                // stdout may be a pipe (block-buffered): written unbuffered so a script reading it sees the line now.
                FileHandle.standardOutput.write(Data((url + "\n").utf8))
                if openBrowser { Self.openInBrowser(url) }
            }
        }
    }

    /// Opens `url` with `xdg-open` when it is installed; otherwise the printed URL is the way in.
    static func openInBrowser(_ url: String) {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/xdg-open" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
