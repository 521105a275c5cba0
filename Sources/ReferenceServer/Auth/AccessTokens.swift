import AgentPlannerCore
import Foundation
import JWTKit

/// The claims of an access token, shaped like Supabase's so v1 clients that read them keep working.
struct AccessTokenClaims: JWTPayload {
    var sub: SubjectClaim
    var email: String?
    var role: String?
    var aud: AudienceClaim
    var iss: IssuerClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    // Supabase's claim names, as they travel in the token.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var session_id: String?
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var user_metadata: [String: JSONValue]?
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var app_metadata: [String: JSONValue]?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Signs and checks access tokens: HS256 only, with `JWT_SECRET`; expiry, issuer and audience checked.
/// With the cut-over grace configured, Supabase-issued tokens are checked against their own secret and issuer.
public actor AccessTokenService {
    public struct Verified: Sendable {
        public let userID: UUID
        /// The login session (refresh-token family); nil for Supabase-issued grace tokens.
        public let sessionFamily: UUID?
        public let fromSupabase: Bool
    }

    public static let audience = "authenticated"

    private let keys = JWTKeyCollection()
    private var supabaseKeys: JWTKeyCollection?
    private let settings: AuthSettings
    private let secret: String

    public init(secret: String, settings: AuthSettings) {
        self.secret = secret
        self.settings = settings
    }

    private var prepared = false

    private func prepare() async {
        guard !prepared else { return }
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        if let supabaseSecret = settings.supabaseJWTSecret {
            let collection = JWTKeyCollection()
            await collection.add(hmac: HMACKey(from: supabaseSecret), digestAlgorithm: .sha256)
            supabaseKeys = collection
        }
        prepared = true
    }

    /// Signs a one-hour (configurable) access token for `user` in login session `family`.
    public func issue(userID: UUID, email: String, name: String?, provider: String, family: UUID, now: Date = Date())
        async throws -> (token: String, expiresAt: Date)
    {
        await prepare()
        // Whole seconds, as JWT NumericDates (and Supabase's tokens) are.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = now.addingTimeInterval(settings.accessTokenLifetime)
        let claims = AccessTokenClaims(
            sub: .init(value: userID.uuidString.lowercased()), email: email, role: Self.audience,
            aud: .init(value: [Self.audience]), iss: .init(value: settings.issuer), iat: .init(value: now),
            exp: .init(value: expiresAt), session_id: family.uuidString.lowercased(),
            user_metadata: ["name": name.map(JSONValue.string) ?? .null],
            app_metadata: ["provider": .string(provider), "providers": .array([.string(provider)])])
        return (try await keys.sign(claims), expiresAt)
    }

    /// Checks a token; nil when it is not a valid access token of this server (or, with the grace, of Supabase).
    public func verify(_ token: String) async -> Verified? {
        await prepare()
        guard Self.headerAlgorithm(token) == "HS256" else { return nil }
        if let claims = try? await keys.verify(token, as: AccessTokenClaims.self),
            claims.iss.value == settings.issuer, claims.aud.value.contains(Self.audience),
            let userID = UUID(uuidString: claims.sub.value),
            let family = claims.session_id.flatMap(UUID.init(uuidString:))
        {
            return Verified(userID: userID, sessionFamily: family, fromSupabase: false)
        }
        if let supabaseKeys, let issuer = settings.supabaseJWTIssuer,
            let claims = try? await supabaseKeys.verify(token, as: AccessTokenClaims.self),
            claims.iss.value == issuer, claims.aud.value.contains(Self.audience),
            let userID = UUID(uuidString: claims.sub.value)
        {
            return Verified(userID: userID, sessionFamily: nil, fromSupabase: true)
        }
        return nil
    }

    /// The `alg` of the token's header: anything but HS256 (`none`, RS256 with an HMAC secret...) is refused.
    static func headerAlgorithm(_ token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let value = try? JSONValue(jsonText: String(decoding: data, as: UTF8.self))
        else { return nil }
        return value["alg"]?.stringValue
    }
}
