import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The dashboard's HTML forms (`POST`, `application/x-www-form-urlencoded`): each is read
/// whole within `--max-body`, decoded by Hummingbird's `URLEncodedFormDecoder`, and refused
/// with a 403 unless its hidden `csrf` field is the token of the session whose cookie came
/// with it. Actions then need a signed-in party, checked against the token store on every
/// form (a revoked token stops a session at once).
enum DashboardForms {
    static let contentType = "application/x-www-form-urlencoded"

    struct Token: Decodable { var csrf: String? }

    /// The form's fields as `T`, once its anti-forgery token has been checked.
    static func read<T: Decodable>(_ type: T.Type, _ request: Request, state: ServerState) async throws -> T {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == contentType else {
            throw APIError(.unsupportedMediaType, "dashboard forms are posted as \(contentType), not \(type ?? "no content type")")
        }
        let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        let decoder = URLEncodedFormDecoder()
        try check((try? decoder.decode(Token.self, from: text))?.csrf)
        do { return try decoder.decode(T.self, from: text) } catch {
            throw APIError.badRequest("the form could not be read: \(error)")
        }
    }

    /// Refuses a form whose anti-forgery token is not this session's.
    static func check(_ token: String?) throws {
        guard let session = DashboardSession.current, let token, constantTimeEqual(token, session.csrfToken) else {
            throw APIError.forbidden("this form's anti-forgery token is missing or is not this session's (was the page open in another browser, "
                + "or did another site post it?); reload the page and submit the form again")
        }
    }

    /// The party signed in to this session, its token still valid; else a 401 that says how to sign in.
    static func caller(_ state: ServerState) async throws -> APIParty {
        guard let session = DashboardSession.current, let code = session.party, let hash = session.tokenHash else {
            throw APIError(.unauthorized, "sign in with your party's token first (Sign in, at the top of the page)")
        }
        guard let party = try await state.store.party(tokenHash: hash), party.code == code else {
            state.sessions.signOut(session)
            throw APIError(.unauthorized, "the token this session signed in with has been revoked or rotated; sign in again")
        }
        return party
    }

    /// After a form: the page that shows what it did (303, so a reload does not post again).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about
    /// how much of a guessed token was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
