import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// The Syr Darya's consortium as a ledger for the season's server tests: the secretariat and
/// the four states, each with its own key (held by the test, never by the server), a genesis
/// they all sign, and the dashboard's sessions of each party.
struct SeasonConsortium {
    static let codes = ["SEC", "KG", "UZ", "KZ", "TJ"]
    let keys: [String: PartyKey] = Dictionary(uniqueKeysWithValues: codes.map { ($0, PartyKey.generate(party: $0)) })
    let nonce = LedgerIdentity.randomNonce()

    var genesisUnsigned: LedgerEntry {
        Ledger.genesisEntry(name: "Syr Darya consortium", parties: Self.codes.compactMap { code in keys[code].map { Party(code: code, name: code, publicKey: $0.publicKey) } },
                            secretariat: "SEC", nonce: nonce)
    }

    var id: LedgerID { LedgerIdentity.of(genesisBody: genesisUnsigned.body) }

    /// `entry` signed by `parties`, each with its own key, as `aral ledger sign` signs it.
    func signed(_ entry: LedgerEntry, by parties: [String]) throws -> LedgerEntry {
        var entry = entry
        for party in parties { try entry.sign(with: try #require(keys[party]), ledger: id) }
        return entry
    }

    /// Appends the genesis through the API and issues a token per state; returns the tokens.
    func open(_ client: any TestClientProtocol) async throws -> [String: String] {
        let genesis = try signed(genesisUnsigned, by: Self.codes)
        let reply = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: CanonicalJSON.encodeString(genesis.json))
        #expect(reply.status == .created, "\(reply.text)")
        var tokens = ["SEC": TestServer.secretariatToken]
        for code in Self.codes.dropFirst() { tokens[code] = try await client.issueToken(code: code, name: code) }
        return tokens
    }

    /// A browser session signed in as `party`.
    static func browser(_ client: any TestClientProtocol, as party: String, tokens: [String: String]) async throws -> BrowserSession {
        var browser = BrowserSession(client)
        let reply = try await browser.signIn(token: try #require(tokens[party]))
        #expect(reply.status == .seeOther, "\(reply.text)")
        return browser
    }

    /// The ledger's entries as the API exports them (the export's `entry` lines).
    static func entries(_ client: any TestClientProtocol) async throws -> [LedgerEntry] {
        let export = try await client.call(.get, "/api/ledger/export")
        return try export.text.split(separator: "\n").compactMap { line in
            let value = try JSONParser.parse(Array(line.utf8), source: "export")
            guard value["type"]?.stringValue == "entry", let entry = value["entry"] else { return nil }
            return try LedgerEntry.parse(entry, source: "export")
        }
    }

    static func size(_ client: any TestClientProtocol) async throws -> String {
        try await client.call(.get, "/api/ledger/head").json?["current"]?["size"]?.numberText ?? ""
    }
}

extension BrowserSession {
    /// Posts a season form (`multipart/form-data`) with the page's anti-forgery token
    /// (`csrf: nil` leaves it out, as a forged form would).
    mutating func postSeason(_ uri: String, csrf: String?, fields: [(String, String)] = [], files: [(String, String, String)] = []) async throws -> Reply {
        var parts: [(String, String?, String)] = csrf.map { [("csrf", nil, $0)] } ?? []
        parts += fields.map { ($0.0, nil, $0.1) }
        parts += files.map { ($0.0, $0.1, $0.2) }
        return try await postMultipart(uri, body: UploadWithSeriesTests.multipart(parts), boundary: UploadWithSeriesTests.boundary)
    }

    /// Uploads a signed entry through the season page's form.
    mutating func upload(_ entry: LedgerEntry, name: String = "signed.json") async throws -> Reply {
        let page = try await get("/season")
        return try await postSeason("/season/entries", csrf: Self.csrf(in: page.text), files: [("entry", name, String(decoding: entry.fileBytes, as: UTF8.self))])
    }
}

enum SeasonHTML {
    /// The unsigned entries a page offers as `data:` links (`SeasonPages.dataLink`).
    static func dataEntries(in page: String) throws -> [LedgerEntry] {
        let prefix = "data:application/json;charset=utf-8;base64,"
        var entries: [LedgerEntry] = []
        var rest = Substring(page)
        while let start = rest.range(of: prefix) {
            let tail = rest[start.upperBound...]
            let end = tail.firstIndex(of: "\"") ?? tail.endIndex
            let encoded = unescape(String(tail[..<end]))
            let bytes = try #require(Data(base64Encoded: encoded), "a data link that is not base64: \(encoded.prefix(40))")
            entries.append(try LedgerEntry.parse(Array(bytes), source: "data link"))
            rest = tail[end...]
        }
        return entries
    }

    /// What Mustache escaped in an attribute, back to text.
    static func unescape(_ text: String) -> String {
        var out = text
        for (entity, character) in [("&#x2F;", "/"), ("&#x3D;", "="), ("&#x2B;", "+"), ("&#43;", "+"), ("&#61;", "="), ("&#47;", "/"),
                                    ("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }

    /// The text of every `<td class="…NAME…">` cell of the row of `period` and `party` on the balances page.
    static func balanceCell(_ page: String, period: String, party: String, _ name: String) -> String? {
        guard let row = page.range(of: "data-period=\"\(period)\" data-party=\"\(party)\"") ?? page.range(of: "data-period=\"\(period.replacingOccurrences(of: "/", with: "&#x2F;"))\" data-party=\"\(party)\"") else { return nil }
        let tail = page[row.upperBound...]
        let rowEnd = tail.range(of: "</tr>")?.lowerBound ?? tail.endIndex
        let cells = tail[..<rowEnd]
        guard let cell = cells.range(of: "class=\"num \(name)\">") ?? cells.range(of: "class=\"\(name)\">") else { return nil }
        let value = cells[cell.upperBound...]
        return value.firstIndex(of: "<").map { String(value[..<$0]) }
    }
}
