import Foundation
import Hummingbird
import AralSchema
import Mustache
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Renders the dashboard's pages from the Mustache templates in the resource bundle. Templates
/// write every value with `{{…}}`, which HTML-escapes it; only SVG built by `SVG`/`Schematic`
/// (which escape every text themselves) is inserted raw with `{{{…}}}`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> PageRenderer {
        let directory = Resources.directory.appendingPathComponent("templates").path
        return PageRenderer(library: try await MustacheLibrary(directory: directory))
    }

    /// `template` rendered into the layout.
    func page(_ template: String, title: String, _ context: [String: Any], status: HTTPResponse.Status = .ok, refreshSeconds: Int? = nil) -> Response {
        // Every page knows its session: forms carry its anti-forgery token, the header says who
        // is signed in.
        var context = context
        var layout: [String: Any] = ["title": title]
        if let session = DashboardSession.current {
            var values: [String: Any] = ["csrf": session.csrfToken, "signedIn": session.party != nil]
            if let party = session.party { values["signedInParty"] = party }
            context.merge(values) { own, _ in own }
            layout.merge(values) { own, _ in own }
        }
        let content = library.render(context, withTemplate: template) ?? ""
        layout["content"] = content
        if let refreshSeconds { layout["refresh"] = refreshSeconds }
        let html = library.render(layout, withTemplate: "layout") ?? content
        return JSONResponse.bytes(Array(html.utf8), status: status, contentType: "text/html; charset=utf-8")
    }

    /// The error's message and every problem it lists, each at its file, line and key path, as
    /// the API returns them: a form's 422 page showed "1 problem in the model" and nothing more
    /// (found from outside). A 429 or 503 carries its `Retry-After`.
    func error(_ error: APIError) -> Response {
        let issues: [String] = (error.issues ?? []).map { issue in
            guard let file = issue.file else { return issue.path.map { "\($0): \(issue.message)" } ?? issue.message }
            return FileIssue(file: file, line: issue.line, column: issue.column, path: issue.path, message: issue.message).description
        }
        var shownPath: String?
        if let path = error.path, issues.isEmpty { shownPath = path }
        var response = page("error", title: "Error", ["status": error.status.code, "message": error.message, "issues": issues,
                                                      "hasIssues": !issues.isEmpty, "path": shownPath ?? "", "hasPath": shownPath != nil],
                            status: error.status)
        if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}
