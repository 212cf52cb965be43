import Hummingbird
import Logging
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `POST /api/secretariat/token`: the secretariat rotates its own bearer token. Every token it
/// held, including the one on this request, is revoked and a new one is returned once (the
/// server keeps only its hash). A leaked secretariat token is revoked this way; a lost one with
/// `aral serve --rotate-secretariat-token`.
///
/// When the token comes from `--secretariat-token-file` or `ARAL_SECRETARIAT_TOKEN` the file is
/// the one source of truth: rotating here would be undone at the next start, so it is a 409
/// that says to replace the file and restart.
enum SecretariatTokenRoutes {
    struct Rotated: Encodable {
        var party: String
        /// Shown once; every earlier secretariat token no longer works.
        var token: String
    }

    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.post("api/secretariat/token") { request, _ in
            let caller = try await state.auth.requireSecretariat(request)
            _ = try Query(request, allowed: [])
            guard state.config.secretariatToken == nil else {
                throw APIError(.conflict, "the secretariat's token is configured (--secretariat-token-file or ARAL_SECRETARIAT_TOKEN); "
                    + "replace it there and restart the server, which revokes the old one")
            }
            let token = try await state.auth.rotateSecretariatToken(caller.code)
            state.logger.notice("the secretariat's bearer token was rotated; earlier secretariat tokens are revoked")
            return try JSONResponse.make(Rotated(party: caller.code, token: token), status: .created)
        }
    }
}
