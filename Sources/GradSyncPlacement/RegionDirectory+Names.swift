extension RegionDirectory {
    /// The current divisions `text` names: the divisions' names (full or short) from any level down to the division
    /// itself, in order, levels skipped as wished: `福建省厦门市`, `厦门市`, `福建厦门`, `厦门` all name 350200;
    /// `鼓楼区` names four districts. Spaces, `/`, `-` and `·` between names are ignored.
    ///
    /// When several match but exactly one matches by full names alone, that one is the answer (`吉林市` is the city,
    /// though `吉林` is the province's short name too). Empty when nothing matches.
    public func divisions(named text: String) -> [RegionEntry] {
        let query = Substring(text.filter { !$0.isWhitespace && !"/-·".contains($0) })
        var loose: Set<String> = []
        var exact: Set<String> = []
        for code in codes(endingWith: query) {
            let ancestors = path(of: code).dropLast()
            if matches(query, code: code, ancestors: ancestors, fullNamesOnly: true) {
                exact.insert(code)
                loose.insert(code)
            } else if matches(query, code: code, ancestors: ancestors, fullNamesOnly: false) {
                loose.insert(code)
            }
        }
        let chosen = exact.count == 1 ? exact : loose
        return chosen.sorted().map { RegionEntry(code: $0, name: names[$0]!) }
    }

    /// Each name and short form (`forms`) of the shipped edition with the codes it names. Built on the first lookup
    /// by name rather than with the directory, which every validation loads and few of them look names up.
    private static let codesByForm: [String: [String]] = {
        var codesByForm: [String: [String]] = [:]
        for (code, name) in RegionDirectory.current.names {
            for form in forms(of: code, name: name) { codesByForm[form, default: []].append(code) }
        }
        return codesByForm
    }()

    /// The codes one of whose names or short forms `query` ends with.
    private func codes(endingWith query: Substring) -> Set<String> {
        var found: Set<String> = []
        var suffix = query
        while !suffix.isEmpty {
            found.formUnion(RegionDirectory.codesByForm[String(suffix)] ?? [])
            suffix = suffix.dropFirst()
        }
        return found
    }

    /// Whether `query` is, in order, names of some of `ancestors` and then a name of `code`.
    private func matches(_ query: Substring, code: String, ancestors: ArraySlice<String>, fullNamesOnly: Bool) -> Bool {
        guard let name = names[code] else { return false }
        let forms = fullNamesOnly ? [name] : RegionDirectory.forms(of: code, name: name)
        for form in forms where query.hasSuffix(form) {
            let rest = query.dropLast(form.count)
            if rest.isEmpty { return true }
            var above = ancestors
            while let parent = above.popLast() {
                if matches(rest, code: parent, ancestors: above, fullNamesOnly: fullNamesOnly) { return true }
            }
        }
        return false
    }

    /// A division's name and its short form: a province's common name (`广西`), else the name less its kind
    /// (`市`, `县`, `自治州` …) and the peoples an autonomous name holds (`黔东南苗族侗族自治州` → `黔东南`),
    /// when two characters or more remain.
    static func forms(of code: String, name: String) -> [String] {
        if code.hasSuffix("0000"), let short = Region.provinces[String(code.prefix(2))], short != name { return [name, short] }
        var short = Substring(name)
        if let kind = kinds.first(where: { short.hasSuffix($0) }) { short = short.dropLast(kind.count) }
        while let people = peoples.first(where: { short.hasSuffix($0 + "族") }) { short = short.dropLast(people.count + 1) }
        return short.count >= 2 && short != name ? [name, String(short)] : [name]
    }

    /// The kinds of division a name may end with, longer first so `自治县` is taken whole.
    private static let kinds = ["自治州", "自治县", "自治旗", "特别行政区", "地区", "林区", "特区", "新区", "市", "区", "县", "盟", "旗"]

    /// The 55 peoples named in autonomous divisions' names (without `族`), longer first so `土家` wins over `土`.
    private static let peoples = [
        "柯尔克孜", "乌孜别克", "维吾尔", "哈萨克", "塔吉克", "俄罗斯", "鄂温克", "塔塔尔", "鄂伦春", "达斡尔",
        "蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "高山", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗", "撒拉",
        "毛南", "仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "独龙", "赫哲", "门巴", "珞巴", "基诺",
        "回", "藏", "苗", "彝", "壮", "满", "侗", "瑶", "白", "傣", "黎", "佤", "畲", "水", "土", "羌", "怒", "京",
    ]
}
