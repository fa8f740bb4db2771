import GradSyncCore
import GradSyncPlacement

/// Realistic graduate records of one department: majors, Chinese names, destinations in the shares a
/// Chinese university reports (about two thirds employed, a fifth in further study), and every schema field
/// a graduate of that destination has (up to 23).
public struct GraduateGenerator: Sendable {
    /// The department code, the records' scope.
    public let department: String
    /// Which department of the university (0-based), so student numbers differ between departments.
    public let departmentNumber: Int
    /// The graduating year.
    public let year: Int64

    /// A generator for `department`.
    public init(department: String, departmentNumber: Int, year: Int64 = 2024) {
        self.department = department
        self.departmentNumber = departmentNumber
        self.year = year
    }

    /// The student number of the `index`-th graduate: year, department, six-digit serial.
    public func studentNumber(_ index: Int) -> String {
        let serial = String(index + 1)
        return "\(year)" + (departmentNumber < 10 ? "0" : "") + String(departmentNumber)
            + String(repeating: "0", count: max(0, 6 - serial.count)) + serial
    }

    /// The fields of the `index`-th graduate (always the same for the same index).
    public func fields(_ index: Int) -> [String: FieldValue] {
        var random = SeededGenerator(seed: UInt64(departmentNumber) << 32 | UInt64(index))
        var fields: [String: FieldValue] = [:]
        let studentNumber = self.studentNumber(index)
        fields["student_no"] = .string(studentNumber)
        fields["exam_no"] = .string("\(year - 4 - 2000)" + random.digits(12))
        fields["name"] = .string(Self.name(&random))
        fields["gender"] = .string(random.weighted([("1", 53), ("2", 47)]))
        let degree = random.weighted([("本科", 58), ("硕士", 36), ("博士", 6)])
        let major = degree == "本科" ? random.weighted(Self.bachelorMajors.map { ($0, 1) }) : random.weighted(Self.graduateMajors.map { ($0, 1) })
        fields["major_code"] = .string(major.code)
        fields["major_name"] = .string(major.name)
        fields["degree_level"] = .string(degree)
        fields["grad_year"] = .integer(year)
        fields["origin_region"] = .string(Self.region(&random))
        if Int.random(in: 0..<100, using: &random) < 12 {
            fields["key_groups"] = .list([.string(random.weighted([("低保家庭", 5), ("脱贫家庭", 4), ("残疾", 1), ("零就业家庭", 1), ("较长时间未就业", 1)]))])
        }
        let destination = random.weighted(Self.destinationShares)
        fields["destination_code"] = .string(destination)
        if let parsed = Destination(destination), parsed.isEmployment {
            let region = Self.region(&random)
            fields["employer_name"] = .string(Self.employerName(&random))
            fields["employer_uscc"] = .string(Self.creditCode(&random, region: region))
            fields["employer_nature"] = .string(random.weighted([("31", 30), ("39", 35), ("32", 8), ("10", 7), ("21", 5), ("20", 5), ("29", 5), ("40", 2), ("99", 3)]))
            fields["employer_industry"] = .string(random.weighted([("34", 30), ("22", 25), ("38", 10), ("35", 8), ("42", 6), ("24", 5), ("23", 6), ("45", 5), ("32", 5)]))
            fields["employer_region"] = .string(region)
            fields["job_category"] = .string(random.weighted([("13", 45), ("29", 15), ("30", 12), ("11", 8), ("21", 6), ("40", 6), ("90", 8)]))
            fields["sign_date"] = .string("\(year)-0\(Int.random(in: 1...6, using: &random))-\(Int.random(in: 10...28, using: &random))")
        } else if destination.hasPrefix("80") {
            fields["study_institution"] = .string(random.weighted(Self.universities.map { ($0, 1) }))
        } else if destination == "85" {
            fields["study_institution"] = .string(random.weighted([("新加坡国立大学", 3), ("香港大学", 3), ("帝国理工学院", 2), ("慕尼黑工业大学", 2), ("东京大学", 2)]))
            fields["study_country"] = .string(random.weighted([("新加坡", 3), ("中国香港", 3), ("英国", 2), ("德国", 2), ("日本", 2)]))
        }
        fields["review_status"] = .string(random.weighted([("学院已审核", 70), ("学校已审核", 20), ("待审核", 9), ("退回", 1)]))
        fields["phone"] = .string("1" + random.weighted([("3", 3), ("5", 2), ("8", 3), ("9", 1)]) + random.digits(9))
        return fields
    }

    /// The `index`-th graduate as the change rows a replica writes for it, one per field, in field-name order.
    public func changes(_ index: Int, origin: ReplicaID, scope: Scope, firstSeq: UInt64, firstStamp: HLCTimestamp,
                        author: String = "secretary") -> [Change] {
        let key = studentNumber(index)
        return fields(index).sorted { $0.key < $1.key }.enumerated().map { offset, field in
            Change(id: ChangeID(origin: origin, scope: scope, seq: firstSeq + UInt64(offset)),
                   hlc: HLCTimestamp(rawValue: firstStamp.rawValue + UInt64(offset)),
                   collection: GraduateSchema.collection, key: key, field: field.key, value: field.value, author: author)
        }
    }

    // MARK: - Realistic values

    static let surnames: [(String, Int)] = [
        ("王", 72), ("李", 71), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 33), ("黄", 25), ("赵", 20), ("吴", 20), ("周", 19),
        ("徐", 15), ("孙", 14), ("马", 13), ("朱", 13), ("胡", 12), ("郭", 11), ("何", 10), ("林", 9), ("罗", 9), ("高", 9),
        ("郑", 8), ("梁", 8), ("谢", 7), ("宋", 6), ("唐", 6), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6), ("曹", 5),
        ("欧阳", 1), ("司马", 1), ("诸葛", 1),
    ]
    static let givenCharacters = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽浩宇子轩睿博文涵")

    static func name(_ random: inout SeededGenerator) -> String {
        let surname = random.weighted(surnames)
        let count = Int.random(in: 0..<10, using: &random) < 7 ? 2 : 1
        return surname + String((0..<count).map { _ in givenCharacters[Int.random(in: 0..<givenCharacters.count, using: &random)] })
    }

    /// Current GB/T 2260 counties and prefectures of the shipped edition (the validator refuses any other code),
    /// in code order so a seed always picks the same one.
    static let regionCodes: [String] = {
        let directory = RegionDirectory.current
        var codes: [String] = []
        for province in directory.provinces {
            for child in directory.children(of: province.code) {
                codes.append(child.code)
                codes += directory.children(of: child.code).map(\.code)
            }
        }
        return codes.sorted()
    }()

    static func region(_ random: inout SeededGenerator) -> String {
        regionCodes[Int.random(in: 0..<regionCodes.count, using: &random)]
    }

    static let destinationShares: [(String, Int)] = [
        ("10", 24), ("11", 16), ("12", 5), ("271", 1), ("46", 1), ("502", 1), ("503", 1), ("512", 2), ("519", 1),
        ("75", 1), ("76", 3), ("801", 19), ("802", 1), ("85", 5), ("70", 12), ("71", 5), ("72", 2),
    ]

    static let bachelorMajors: [(code: String, name: String)] = [
        ("080801", "自动化"), ("080802T", "轨道交通信号与控制"), ("080803T", "机器人工程"), ("080601", "电气工程及其自动化"),
        ("080701", "电子信息工程"), ("080901", "计算机科学与技术"), ("080910T", "数据科学与大数据技术"), ("080202", "机械设计制造及其自动化"),
    ]
    static let graduateMajors: [(code: String, name: String)] = [
        ("081100", "控制科学与工程"), ("085406", "控制工程"), ("080800", "电气工程"), ("081200", "计算机科学与技术"), ("085400", "电子信息"),
    ]
    static let universities = ["清华大学", "北京大学", "浙江大学", "上海交通大学", "复旦大学", "南京大学", "华中科技大学", "西安交通大学", "哈尔滨工业大学", "本校"]

    static let cities = ["北京", "上海", "深圳", "杭州", "南京", "武汉", "成都", "西安", "苏州", "广州", "合肥", "天津"]
    static let words = ["华创", "智能", "电气", "信息", "精密", "新能源", "数据", "恒通", "远景", "博瑞", "中科", "宏达", "汇川", "国电"]
    static let suffixes = ["科技有限公司", "股份有限公司", "技术有限公司", "研究院", "集团有限公司", "电子有限公司"]

    static func employerName(_ random: inout SeededGenerator) -> String {
        cities[Int.random(in: 0..<cities.count, using: &random)] + words[Int.random(in: 0..<words.count, using: &random)]
            + words[Int.random(in: 0..<words.count, using: &random)] + suffixes[Int.random(in: 0..<suffixes.count, using: &random)]
    }

    static func creditCode(_ random: inout SeededGenerator, region: String) -> String {
        let alphabet = SocialCreditCode.alphabet
        let body = "91" + region + String((0..<9).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
        return body + String(SocialCreditCode.checkCharacter(for: body)!)
    }
}
