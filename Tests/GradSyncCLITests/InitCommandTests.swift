import Foundation
import GradSyncTesting
import Testing

@Suite struct InitCommandTests {
    @Test func initCreatesADepartmentReplicaOnce() throws {
        let directory = try TemporaryDirectory()
        let cli = CommandRunner(home: directory.file("auto"))
        let first = try cli.run(["init", "--department", "AUTO"])
        #expect(first.exitCode == 0, "\(first.stderr)")
        #expect(first.stdout.contains("scope AUTO"))
        let again = try cli.run(["init", "--department", "AUTO"])
        #expect(again.exitCode == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test(arguments: [["init"], ["init", "--central", "--department", "A"], ["init", "--department", "shared"], ["init", "--department", "自动化"]])
    func initRefusesBadUsageWithExitCode2(_ arguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner(home: directory.file("x")).run(arguments)
        #expect(result.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.file("x/replica.sqlite")))
    }
}
