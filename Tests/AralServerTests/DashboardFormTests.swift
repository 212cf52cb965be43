import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard's forms: sign-in, a run with a scenario and a plan started from the model
/// page, an upload, token rotation; every POST refused without the session's anti-forgery
/// token; the session cookie `HttpOnly` and `SameSite=Strict`; the strict CSP kept.
@Suite("Dashboard forms")
struct DashboardFormTests {
    @Test("a visitor gets an HttpOnly, SameSite=Strict session cookie and pages keep the strict CSP")
    func cookieAndPolicy() async throws {
        try await TestServer().test { client in
            let page = try await client.call(.get, "/sign-in")
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.hasPrefix(DashboardSessions.cookieName + "="))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && policy.contains("form-action 'self'") && !policy.contains("unsafe-inline"), "\(policy)")
            #expect(!page.text.contains("<script"))
            let api = try await client.call(.get, "/api/models")
            #expect(api.headers[.setCookie] == nil, "the API has no session")
        }
    }

    @Test("a signed-in party starts a run with a scenario from the model page's form")
    func runFromForm() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            var browser = BrowserSession(client)
            let signedIn = try await browser.signIn(token: token)
            #expect(signedIn.status == .seeOther, "\(signedIn.text)")
            let page = try await browser.get("/models/syr-darya")
            #expect(page.text.contains("Signed in as <strong>UZ</strong>"))
            #expect(page.text.contains(#"<option value="soviet-1984">"#))
            let csrf = try #require(BrowserSession.csrf(in: page.text))
            let posted = try await browser.post("/models/syr-darya/runs", [("csrf", csrf), ("name", ""), ("scenario", "soviet-1984")])
            #expect(posted.status == .seeOther, "\(posted.text)")
            let location = try #require(posted.headers[.location])
            #expect(location.hasPrefix("/runs/r-"))
            let done = try await client.waitForRun(String(location.dropFirst("/runs/".count)))
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
            #expect(done.json?["name"]?.stringValue == "syr-darya + soviet-1984")
            #expect(done.json?["owner"]?.stringValue == "UZ")
            let runPage = try await browser.get(location)
            #expect(runPage.text.contains("<svg class=\"chart\""), "the run page draws its charts")
        }
    }

    /// Found from outside: only an ensemble's page had a cancel button, though the docs promise
    /// one for any run.
    @Test("a running run's page has a cancel button for a signed-in party, and it cancels the run")
    func cancelFromPage() async throws {
        var server = try TestServer()
        server.config.holdRunsUntilStoppedForTesting = .seconds(120)
        try await server.test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            let model = try await client.uploadExample(token: token)
            let started = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(model)"}"#)
            let id = try #require(started.json?["id"]?.stringValue)
            var browser = BrowserSession(client)
            _ = try await browser.signIn(token: token)
            let page = try await browser.get("/runs/\(id)")
            #expect(page.text.contains("cancel-form") && page.text.contains("Cancel the run"), "\(page.text.prefix(400))")
            let csrf = try #require(BrowserSession.csrf(in: page.text))
            let posted = try await browser.post("/runs/\(id)/cancel", [("csrf", csrf)])
            #expect(posted.status == .seeOther, "\(posted.text)")
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "cancelled", "\(done.text)")
        }
    }

    @Test("every form POST without this session's anti-forgery token is refused with 403 and does nothing")
    func csrfRefused() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            var browser = BrowserSession(client)
            let before = try await browser.get("/sign-in")
            let anonymousToken = try #require(BrowserSession.csrf(in: before.text))
            _ = try await browser.signIn(token: token)
            let page = try await browser.get("/models/syr-darya")
            let csrf = try #require(BrowserSession.csrf(in: page.text))
            #expect(csrf != anonymousToken, "signing in issues a new anti-forgery token")
            let attempts: [(String, [(String, String)])] = [
                ("/models/syr-darya/runs", [("scenario", "energy-mode")]),
                ("/models/syr-darya/runs", [("csrf", ""), ("scenario", "energy-mode")]),
                ("/models/syr-darya/runs", [("csrf", anonymousToken), ("scenario", "energy-mode")]),
                ("/models/syr-darya/plans", [("csrf", String(csrf.reversed()))]),
                ("/models", [("model", try Fixture.exampleBasin())]),
                ("/parties/UZ/token", []),
                ("/sign-out", []),
            ]
            for (uri, fields) in attempts {
                let reply = try await browser.post(uri, fields)
                #expect(reply.status == .forbidden, "\(uri) \(fields.map(\.0)): \(reply.status)")
                #expect(reply.text.contains("anti-forgery token"))
            }
            let runs = try await client.call(.get, "/api/runs")
            #expect(runs.json?["runs"]?.arrayValue?.isEmpty == true, "\(runs.text)")
            let models = try await client.call(.get, "/api/models")
            #expect(models.json?["models"]?.arrayValue?.count == 2, "only the library: \(models.text.prefix(200))")
            // The API's bearer token still works: it needs no form token (no cookie is involved).
            let api = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"syr-darya"}"#)
            #expect(api.status == .accepted)
        }
    }

    @Test("forms need a signed-in party; an upload from the form is stored as the party's")
    func uploadForm() async throws {
        try await TestServer().test { client in
            var browser = BrowserSession(client)
            let page = try await browser.get("/upload")
            let anonymous = try #require(BrowserSession.csrf(in: page.text + (try await browser.get("/sign-in")).text))
            let refused = try await browser.post("/models", [("csrf", anonymous), ("model", try Fixture.exampleBasin())])
            #expect(refused.status == .unauthorized)
            let token = try await client.issueToken(code: "KZ", name: "Kazakhstan")
            _ = try await browser.signIn(token: token)
            let form = try await browser.get("/upload")
            let csrf = try #require(BrowserSession.csrf(in: form.text))
            let posted = try await browser.post("/models", [("csrf", csrf), ("name", "from the form"), ("model", try Fixture.exampleBasin())])
            #expect(posted.status == .seeOther, "\(posted.text)")
            let id = try #require(posted.headers[.location]).replacingOccurrences(of: "/models/", with: "")
            let stored = try await client.call(.get, "/api/models/\(id)")
            #expect(stored.json?["owner"]?.stringValue == "KZ")
            #expect(stored.json?["name"]?.stringValue == "from the form")
            let broken = try await browser.post("/models", [("csrf", csrf), ("model", "name: x\nnodes: [")])
            #expect(broken.status == .unprocessableContent || broken.status == .badRequest, "\(broken.status)")
            // The page lists the problem, at its line, as the API does (it showed a count only).
            let bad = try Fixture.exampleBasin().replacingOccurrences(of: "kind: demand", with: "kind: demnd")
            let listed = try await browser.post("/models", [("csrf", csrf), ("model", bad)])
            #expect(listed.status == .unprocessableContent, "\(listed.status)")
            #expect(listed.text.contains("unknown node kind &#39;demnd&#39;") || listed.text.contains("unknown node kind 'demnd'"), "\(listed.text)")
        }
    }

    @Test("a party's token is rotated from the dashboard: the old one stops working, the new one works")
    func rotateToken() async throws {
        try await TestServer().test { client in
            let old = try await client.issueToken(code: "TJ", name: "Tajikistan")
            var secretariat = BrowserSession(client)
            _ = try await secretariat.signIn(token: TestServer.secretariatToken)
            let parties = try await secretariat.get("/parties")
            #expect(parties.text.contains(#"action="/parties/TJ/token""#))
            let csrf = try #require(BrowserSession.csrf(in: parties.text))
            let rotated = try await secretariat.post("/parties/TJ/token", [("csrf", csrf)])
            #expect(rotated.status == .ok, "\(rotated.text)")
            #expect(rotated.headers[.cacheControl] == "no-store")
            let range = try #require(rotated.text.range(of: #"class="new-token">[0-9a-f]{64}<"#, options: .regularExpression))
            let fresh = String(rotated.text[range].dropFirst(#"class="new-token">"#.count).dropLast())
            #expect(fresh != old)
            let withOld = try await client.call(.post, "/api/runs", token: old, body: #"{"model":"none"}"#)
            #expect(withOld.status == .unauthorized)
            var tajik = BrowserSession(client)
            #expect(try await tajik.signIn(token: fresh).status == .seeOther)
            // A party may not rotate another's token.
            let page = try await tajik.get("/parties")
            #expect(!page.text.contains(#"action="/parties/SEC/token""#))
            let own = try #require(BrowserSession.csrf(in: page.text))
            let other = try await tajik.post("/parties/SEC/token", [("csrf", own)])
            #expect(other.status == .forbidden)
        }
    }
}
