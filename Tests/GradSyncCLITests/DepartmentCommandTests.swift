import Foundation
import GradSyncCore
import Testing

@Suite struct DepartmentCommandTests {
    @Test func centralNodeWritesTheDirectoryAndDepartmentsReceiveItBySync() throws {
        let central = try CLIReplica(["--central"])
        try central.succeed(["department", "set", "AUTO", "自动化学院"])
        try central.succeed(["department", "set", "AUTO", "自动化与电气工程学院"])
        let auto = try CLIReplica(["--department", "AUTO"])
        let refused = try auto.run(["department", "set", "CS", "计算机学院"])
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("只有中心节点可以修改学院目录"))
        try central.send(to: auto)
        let directory = try CLIReplica.json(try auto.succeed(["department", "list", "--json"]))
        #expect(directory == .object(["AUTO": .string("自动化与电气工程学院")]))
        #expect(try central.run(["department", "set", "shared", "x"]).exitCode == 2)
    }
}
