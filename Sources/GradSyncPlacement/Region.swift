/// A current GB/T 2260 administrative division code (`RegionDirectory`): six digits whose first two name a province.
public struct Region: Sendable, Equatable {
    /// The code as given, e.g. `350102`.
    public let code: String

    /// Parses a region code, or returns nil when it is not a current division's code (a retired one included).
    public init?(_ code: String) {
        guard RegionDirectory.current.contains(code) else { return nil }
        self.code = code
    }

    /// The two-digit province code.
    public var province: String { String(code.prefix(2)) }

    /// The province's Chinese name.
    public var provinceName: String { Region.provinces[province] ?? province }

    /// What a refused region code should look like.
    public static let allowedDescription =
        "a current six-digit GB/T 2260 code (\(RegionDirectory.current.edition)) of a province, prefecture or county"

    /// What a refused `code` should look like: for a retired code, what became of it, so the fix is in the message.
    public static func allowedDescription(refusing code: String) -> String {
        let directory = RegionDirectory.current
        guard let retired = directory.retirement(of: code) else { return allowedDescription }
        let successor = retired.successor.map { "; its successor is \($0) (\(directory.fullName(of: $0) ?? $0))" } ?? ""
        return allowedDescription + "; \(code) (\(retired.name)) was retired in \(retired.year)" + successor
    }

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
