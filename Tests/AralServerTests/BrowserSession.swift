import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser as the dashboard tests need it: keeps the session cookie the server sets, reads
/// the anti-forgery token from a page's forms and posts forms with both.
struct BrowserSession {
    let client: any TestClientProtocol
    var cookie: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    mutating func get(_ uri: String) async throws -> Reply {
        try await send(.get, uri, body: nil)
    }

    /// Posts `fields` as an HTML form does (`application/x-www-form-urlencoded`).
    mutating func post(_ uri: String, _ fields: [(String, String)]) async throws -> Reply {
        try await send(.post, uri, body: Self.encode(fields))
    }

    /// Posts a `multipart/form-data` body as a form with file inputs does.
    mutating func postMultipart(_ uri: String, body: String, boundary: String) async throws -> Reply {
        try await send(.post, uri, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    private mutating func send(_ method: HTTPRequest.Method, _ uri: String, body: String?,
                               contentType: String = "application/x-www-form-urlencoded") async throws -> Reply {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if body != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        if let set = response.headers[.setCookie], let pair = set.split(separator: ";").first, pair.hasPrefix(DashboardSessions.cookieName + "=") {
            cookie = String(pair)
        }
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// The `csrf` hidden field of the first form on a page.
    static func csrf(in page: String) -> String? {
        guard let range = page.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
        return page[range].split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    /// Signs in with `token` through the sign-in form; returns the reply to the post.
    mutating func signIn(token: String) async throws -> Reply {
        let page = try await get("/sign-in")
        let csrf = try #require(Self.csrf(in: page.text), "the sign-in page has no anti-forgery token")
        return try await post("/sign-in", [("csrf", csrf), ("token", token)])
    }
}

/// The repository's shipped basins (`models/`), as `aral serve` serves them by default.
enum ShippedModels {
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models").path
    }
}

extension JSONValue {
    /// A number's text as the reply carried it.
    var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }
}
