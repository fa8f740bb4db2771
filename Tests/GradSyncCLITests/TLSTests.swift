import Foundation
import GradSyncTesting
import Testing

/// `serve --tls-cert/--tls-key` serves HTTPS, and the client verifies the node's certificate.
@Suite struct TLSTests {
    /// A CA and a node certificate for 127.0.0.1, made with the openssl command.
    static func makeCertificates(in directory: TemporaryDirectory) throws -> (ca: String, cert: String, key: String) {
        let dir = directory.path
        let script = """
            set -e
            cd '\(dir)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/CN=GradSync Test CA'
            openssl req -newkey rsa:2048 -nodes -keyout key.pem -out node.csr -subj '/CN=127.0.0.1'
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ext.cnf
            openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 30 -extfile ext.cnf
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make test certificates")
        return (dir + "/ca.pem", dir + "/cert.pem", dir + "/key.pem")
    }

    @Test func nodeServesHTTPSAndClientRefusesAnUntrustedCertificateWithExitTwo() throws {
        let directory = try TemporaryDirectory()
        let files = try Self.makeCertificates(in: directory)
        let central = CommandRunner(home: directory.file("central"))
        #expect(try central.run(["init", "--central"]).exitCode == 0)
        let token = try central.run(["token", "issue", "--department", "AUTO"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let node = try LiveNode(home: central.home, extraArguments: ["--tls-cert", files.cert, "--tls-key", files.key])
        #expect(node.url.hasPrefix("https://"))

        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sf", "-D", directory.file("headers.txt"), "--cacert", files.ca, node.url + "/healthz"]
        let output = Pipe()
        curl.standardOutput = output
        try curl.run()
        curl.waitUntilExit()
        #expect(curl.terminationStatus == 0)
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "ok\n")
        let headers = try String(contentsOfFile: directory.file("headers.txt"), encoding: .utf8).lowercased()
        #expect(headers.contains("strict-transport-security: max-age=31536000"), "HSTS over HTTPS: \(headers)")

        let auto = CommandRunner(home: directory.file("auto"))
        #expect(try auto.run(["init", "--department", "AUTO"]).exitCode == 0)
        let result = try auto.run(["sync", "--remote", node.url, "--token", token, "--json"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("\"code\":\"tls_untrusted\""))
    }

    @Test func plainHTTPOnANonLoopbackAddressWarnsLoudly() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        #expect(try central.run(["init", "--central"]).exitCode == 0)
        let node = try LiveNode(home: central.home, extraArguments: ["--host", "0.0.0.0"])
        #expect(node.stderr.contains("WARNING: serving plain HTTP on 0.0.0.0"))
        #expect(node.stop() == 0, "SIGTERM stops the node cleanly")
    }
}
