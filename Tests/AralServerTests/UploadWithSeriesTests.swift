import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// A model uploaded with its CSV series in one multipart request: it runs exactly as the
/// library's copy of the same files runs, reads nothing but what came with it, and every limit
/// (body size, files, file names, shape of the model part, steps × nodes) is refused with a
/// located message.
@Suite("Uploads with series")
struct UploadWithSeriesTests {
    static let boundary = "aral-test-boundary-7f3c"

    /// A `multipart/form-data` body: `(field, file name or nil, text)` per part.
    static func multipart(_ parts: [(String, String?, String)]) -> String {
        var body = ""
        for (field, file, text) in parts {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\(file.map { "; filename=\"\($0)\"" } ?? "")\r\n\r\n\(text)\r\n"
        }
        return body + "--\(boundary)--\r\n"
    }

    static func upload(_ client: any TestClientProtocol, token: String, _ parts: [(String, String?, String)]) async throws -> Reply {
        try await client.call(.post, "/api/models", token: token, body: multipart(parts), contentType: "multipart/form-data; boundary=\(boundary)")
    }

    static func shipped(_ relative: String) throws -> String {
        try String(contentsOfFile: ShippedModels.directory + "/" + relative, encoding: .utf8)
    }

    /// The shipped Syr Darya with every CSV file of its hydrology folder, as a person would
    /// pick them in the upload form (`hydrology/…` is sent without its folder).
    static func syrDarya() throws -> [(String, String?, String)] {
        let folder = ShippedModels.directory + "/hydrology"
        let csvs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("syr-darya") && $0.hasSuffix(".csv") }.sorted()
        return [("model", "syr-darya.yaml", try shipped("syr-darya.yaml"))] + (try csvs.map { ("files", $0, try shipped("hydrology/" + $0)) })
    }

    @Test("the Syr Darya uploaded with its hydrology CSV runs to the same results as the library's")
    func sameAsLibrary() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            let uploaded = try await Self.upload(client, token: token, try Self.syrDarya())
            #expect(uploaded.status == .created, "\(uploaded.text.prefix(400))")
            let id = try #require(uploaded.json?["id"]?.stringValue)
            var summaries: [String] = []
            for model in [id, "syr-darya"] {
                let (run, done) = try await client.finishedRun(token: token, body: #"{"model":"\#(model)"}"#)
                #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
                let results = try await client.call(.get, "/api/runs/\(run)/results?node=toktogul&attribute=volume")
                summaries.append(results.json?["series"].map { CanonicalJSON.encodeString($0) } ?? "")
            }
            #expect(!summaries[0].isEmpty && summaries[0] == summaries[1], "Toktogul's storage, uploaded against library")
        }
    }

    @Test("a series file the upload does not carry is a 422 naming it; nothing is stored")
    func missingFile() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            let reply = try await Self.upload(client, token: token, [
                ("model", "syr-darya.yaml", try Self.shipped("syr-darya.yaml")),
                ("files", "other.csv", "date,x\n2000-01,1\n"),
            ])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.text.contains("hydrology/syr-darya.csv") && reply.text.contains("not among the files uploaded"), "\(reply.text.prefix(400))")
            let models = try await client.call(.get, "/api/models")
            #expect(models.json?["models"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("each limit is refused: body size (413), file count (413), file name (400), model shape (413 with the line), steps × nodes (413 at timestepper)")
    func limits() async throws {
        var server = try TestServer(maxBodyBytes: 64 * 1024)
        server.config.maxModelCells = 1_000
        try await server.test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            let csv = try Self.shipped("hydrology/syr-darya.csv")
            let big = try await Self.upload(client, token: token, [("model", "m.yaml", try Fixture.exampleBasin()),
                                                                    ("files", "a.csv", csv), ("files", "b.csv", csv), ("files", "c.csv", csv)])
            #expect(big.status == .contentTooLarge, "\(big.text.prefix(300))")
            let many = try await Self.upload(client, token: token, [("model", "m.yaml", try Fixture.exampleBasin())]
                                              + (0...ModelUploadParts.maxFiles).map { ("files", "f\($0).csv", "date,x\n") })
            #expect(many.status == .contentTooLarge)
            #expect(many.text.contains("more than \(ModelUploadParts.maxFiles) files"))
            let traversal = try await Self.upload(client, token: token, [("model", "m.yaml", try Fixture.exampleBasin()),
                                                                          ("files", "../../etc/passwd.csv", "date,x\n")])
            #expect(traversal.status == .badRequest)
            #expect(traversal.errorPath == "../../etc/passwd.csv")
            let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            let nested = try await Self.upload(client, token: token, [("model", "m.yaml", "name: deep\nnodes: \(deep)\n")])
            #expect(nested.status == .contentTooLarge)
            #expect(nested.text.contains("line 2"), "\(nested.text)")
            let cells = try await Self.upload(client, token: token, [("model", "m.yaml", try Fixture.exampleBasin())])
            #expect(cells.status == .contentTooLarge)
            #expect(cells.errorPath == "timestepper")
            let models = try await client.call(.get, "/api/models")
            #expect(models.json?["models"]?.arrayValue?.isEmpty == true, "nothing refused is stored")
        }
    }

    @Test("the dashboard's upload form sends the model with its CSV; without the form's token it is refused")
    func uploadForm() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "KG", name: "Kyrgyzstan")
            var browser = BrowserSession(client)
            _ = try await browser.signIn(token: token)
            let page = try await browser.get("/upload")
            #expect(page.text.contains(#"enctype="multipart/form-data""#))
            let csrf = try #require(BrowserSession.csrf(in: page.text))
            let parts: [(String, String?, String)] = try Self.syrDarya() + [("files", "", "")]  // and a file input left empty
            let forged = try await browser.postMultipart("/models", body: Self.multipart(parts), boundary: Self.boundary)
            #expect(forged.status == .forbidden)
            let posted = try await browser.postMultipart("/models", body: Self.multipart([("csrf", nil, csrf)] + parts), boundary: Self.boundary)
            #expect(posted.status == .seeOther, "\(posted.text.prefix(300))")
            let id = try #require(posted.headers[.location]).replacingOccurrences(of: "/models/", with: "")
            let stored = try await client.call(.get, "/api/models/\(id)")
            #expect(stored.json?["owner"]?.stringValue == "KG")
            #expect(stored.json?["name"]?.stringValue == "syr-darya")
        }
    }

    @Test("a plan of a water year of the Syr Darya uploaded with its CSV gives the obligations of the library's plan")
    func planOfUpload() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "KG", name: "Kyrgyzstan")
            let uploaded = try await Self.upload(client, token: token, try Self.syrDarya())
            let id = try #require(uploaded.json?["id"]?.stringValue, "\(uploaded.text.prefix(300))")
            var exchanges: [String] = []
            for model in [id, "syr-darya"] {
                let started = try await client.call(.post, "/api/plans", token: token,
                                                    body: #"{"model":"\#(model)","from":"2018-10-01","to":"2019-09-30"}"#)
                #expect(started.status == .accepted, "\(started.text)")
                let plan = try #require(started.json?["id"]?.stringValue)
                let done = try await client.waitForRun(plan)
                #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
                exchanges.append((try await client.call(.get, "/api/runs/\(plan)/exchange")).text)
            }
            #expect(exchanges[0].count > 2 && exchanges[0] == exchanges[1], "the obligations of both plans")
        }
    }
}
