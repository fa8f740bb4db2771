import GradSyncCore
import GradSyncPlacement
import Testing

/// The shipped GB/T 2260 list: codes checked against every division, not the province prefix; the tree a picker
/// walks; retired codes named with their successors; lookups by name.
struct RegionDirectoryTests {
    let directory = RegionDirectory.current

    @Test func codesAreCheckedAgainstTheFullListNotTheProvincePrefix() {
        #expect(Region("350203") != nil)
        #expect(Region("350199") == nil)
        #expect(Region("359999") == nil)
        #expect(Region("110100") == nil, "the municipalities' 市辖区 is not a division of the current list")
        #expect(directory.contains("110101"))
    }

    @Test func theTreeGoesFromProvinceToPrefectureToCounty() {
        #expect(directory.provinces.count == 34)
        #expect(directory.provinces.first == RegionEntry(code: "110000", name: "北京市"))
        #expect(directory.children(of: "350000").map(\.name).prefix(2) == ["福州市", "厦门市"])
        #expect(directory.children(of: "350200").map(\.code) == ["350203", "350205", "350206", "350211", "350212", "350213"])
        #expect(directory.children(of: "350203").isEmpty)
        #expect(directory.parent(of: "350203") == "350200")
        #expect(directory.parent(of: "429004") == "420000", "仙桃 is directly under 湖北")
        #expect(directory.children(of: "110000").contains(RegionEntry(code: "110101", name: "东城区")))
        #expect(directory.name(of: "350203") == "思明区")
        #expect(directory.fullName(of: "350203") == "福建省厦门市思明区")
        #expect(directory.name(of: "350199") == nil)
    }

    @Test func aRetiredCodeIsNamedWithItsSuccessor() throws {
        let retired = try #require(directory.retirement(of: "350182"))
        #expect(retired.name == "长乐市")
        #expect(retired.year == 2017)
        #expect(retired.successor == "350112")
        #expect(directory.retirement(of: "350203") == nil)
        let field = try #require(GraduateSchema.field(named: "origin_region"))
        do {
            try field.check(.string("350182"))
            Issue.record("a retired code was accepted")
        } catch {
            #expect(error.allowed.contains("350112"))
            #expect(error.allowed.contains("福建省福州市长乐区"))
        }
    }

    @Test func aDivisionIsFoundByItsNamesAtAnyLevel() {
        for text in ["福建省厦门市", "厦门市", "福建厦门", "厦门", "福建 厦门市"] {
            #expect(directory.divisions(named: text).map(\.code) == ["350200"], "\(text)")
        }
        #expect(directory.divisions(named: "福建省厦门市思明区").map(\.code) == ["350203"])
        #expect(directory.divisions(named: "广西").map(\.code) == ["450000"])
        #expect(directory.divisions(named: "黔东南").map(\.code) == ["522600"])
        #expect(directory.divisions(named: "吉林市").map(\.code) == ["220200"])
        #expect(directory.divisions(named: "火星市").isEmpty)
    }

    @Test func anAmbiguousNameGivesEveryCandidate() {
        let gulou = directory.divisions(named: "鼓楼区")
        #expect(gulou.count >= 3)
        #expect(gulou.contains(RegionEntry(code: "350102", name: "鼓楼区")))
        #expect(directory.divisions(named: "福州鼓楼区").map(\.code) == ["350102"])
        #expect(directory.divisions(named: "吉林").map(\.code) == ["220000", "220200"])
    }
}
