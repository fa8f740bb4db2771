import Foundation
import GradSyncCore
@testable import GradSyncSync
import Testing

/// The hand-written page coders must agree with Foundation's on every message, and step aside on unusual ones.
@Suite struct WireJSONTests {
    static let values: [FieldValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-1), .integer(Int64.min), .integer(Int64.max),
        .string(""), .string("张三"), .string("quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00}"),
        .string("emoji 😀 and 𠀀 and combining é"), .list([]), .list([.string("家庭经济困难"), .integer(3), .null]),
        .object([:]), .object(["b": .null, "a": .list([.bool(true), .object(["z": .integer(1)])]), "中": .string("文")]),
    ]

    static func change(_ index: Int, value: FieldValue) -> WireChange {
        WireChange(origin: String(repeating: "ab", count: 16), scope: "AUTO", seq: UInt64(index + 1), hlc: "1718000000000.\(index)",
                   collection: "graduate", key: "2024010000\(index)", field: "field_\(index)", value: value,
                   bases: index % 2 == 0 ? [] : ["\(String(repeating: "cd", count: 16))/AUTO/\(index)"],
                   seen: index % 3 == 0 ? nil : ["\(String(repeating: "ef", count: 16))/AUTO/1"], author: "秘书 \(index)",
                   hash: String(repeating: "0123456789abcdef", count: 4))
    }

    static let page = PullResponse(protocolVersion: 1, changes: values.enumerated().map { change($0, value: $1) }, hasMore: true)
    static let push = PushRequest(replicaID: String(repeating: "12", count: 16), changes: page.changes)

    @Test func writtenPullPagesReadBackThroughFoundation() throws {
        let decoded = try JSONDecoder().decode(PullResponse.self, from: Data(WireJSON.encode(Self.page)))
        #expect(decoded == Self.page)
    }

    @Test func writtenPushPagesReadBackThroughFoundation() throws {
        let decoded = try JSONDecoder().decode(PushRequest.self, from: Data(WireJSON.encode(Self.push)))
        #expect(decoded == Self.push)
    }

    @Test func pagesFoundationWroteAreReadAlike() throws {
        for formatting in [JSONEncoder.OutputFormatting.sortedKeys, [.prettyPrinted], [.withoutEscapingSlashes]] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = formatting
            let pull = Array(try encoder.encode(Self.page))
            #expect(WireJSON.decodePullResponse(pull) == (try JSONDecoder().decode(PullResponse.self, from: Data(pull))))
            let push = Array(try encoder.encode(Self.push))
            #expect(WireJSON.decodePushRequest(push) == (try JSONDecoder().decode(PushRequest.self, from: Data(push))))
        }
    }

    @Test func unknownMembersAreSkippedAsFoundationSkipsThem() throws {
        let text = #"{"protocol":1,"extra":{"a":[1,"x",null,true]},"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":1,"hlc":"1.0","collection":"graduate","key":"k","field":"f","value":"v","bases":[],"author":"a","hash":"h","later":[{"x":-2}]}]}"#
        let bytes = Array(text.utf8)
        #expect(WireJSON.decodePullResponse(bytes) == (try JSONDecoder().decode(PullResponse.self, from: Data(bytes))))
    }

    @Test func seenMayBeNullOrMissing() throws {
        let text = #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":1,"hlc":"1.0","collection":"graduate","key":"k","field":"f","value":"v","bases":[],"seen":null,"author":"a","hash":"h"}]}"#
        let page = try #require(WireJSON.decodePullResponse(Array(text.utf8)))
        #expect(page.changes[0].seen == nil)
    }

    @Test(arguments: [
        #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":1.0,"hlc":"1.0","collection":"c","key":"k","field":"f","value":"v","bases":[],"author":"a","hash":"h"}]}"#,
        #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":1e3,"bases":[],"author":"a","hash":"h"}]}"#,
        #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","origin":"p","scope":"AUTO","seq":1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":"v","bases":[],"author":"a","hash":"h"}]}"#,
        #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":{"a":1,"a":2},"bases":[],"author":"a","hash":"h"}]}"#,
        #"{"protocol":1,"has_more":false,"changes":[{"scope":"AUTO","seq":1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":"v","bases":[],"author":"a","hash":"h"}]}"#,
        #"{"protocol":1,"has_more":false,"changes":[]} trailing"#,
        #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":-1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":"v","bases":[],"author":"a","hash":"h"}]}"#,
        #"{"protocol":1,"has_more":false,"changes":[{"origin":"\ud800","scope":"AUTO","seq":1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":"v","bases":[],"author":"a","hash":"h"}]}"#,
    ])
    func unusualPagesAreLeftToFoundation(text: String) {
        #expect(WireJSON.decodePullResponse(Array(text.utf8)) == nil)
    }

    @Test func valuesNestedDeeperThanFieldValuesAllowAreLeftToFoundation() {
        let deep = String(repeating: "[", count: FieldValue.maximumDepth + 2) + String(repeating: "]", count: FieldValue.maximumDepth + 2)
        let text = #"{"protocol":1,"has_more":false,"changes":[{"origin":"o","scope":"AUTO","seq":1,"hlc":"1.0","collection":"c","key":"k","field":"f","value":"# + deep + #","bases":[],"author":"a","hash":"h"}]}"#
        #expect(WireJSON.decodePullResponse(Array(text.utf8)) == nil)
    }
}
