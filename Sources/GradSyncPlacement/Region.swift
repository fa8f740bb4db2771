/// A GB/T 2260 administrative division code: six digits whose first two name a province.
public struct Region: Sendable, Equatable {
    /// The code as given, e.g. `350102`.
    public let code: String

    /// Parses a region code, or returns nil when it is not six digits with a known province prefix.
    public init?(_ code: String) {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              Region.provinces[String(code.prefix(2))] != nil else { return nil }
        self.code = code
    }

    /// The two-digit province code.
    public var province: String { String(code.prefix(2)) }

    /// The province's Chinese name.
    public var provinceName: String { Region.provinces[province] ?? province }

    /// What a refused region code should look like.
    public static let allowedDescription =
        "a six-digit GB/T 2260 code whose first two digits are a province (11–65, 71 台湾, 81 香港, 82 澳门)"

    /// The province-level divisions of GB/T 2260 by their two-digit code.
    public static let provinces: [String: String] = [
        "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
        "21": "辽宁", "22": "吉林", "23": "黑龙江",
        "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
        "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
        "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
        "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
        "71": "台湾", "81": "香港", "82": "澳门",
    ]
}
