import AgentPlannerCore

/// Avatar upload (ROUTES.md §4.10, DECISIONS.md §D5): multipart to the server's data folder, served by the server.
enum UploadContracts {
    static let area = "upload"
    static func source(_ route: String) -> V1Source { V1Source(route: route, file: "src/controllers/upload.controller.js") }
    static let boundary = "contract-boundary-7d1f"

    /// A multipart body with one `avatar` file part. GIF's signature is ASCII, so the bytes travel as text.
    static func multipart(type: String, bytes: String, fileName: String = "me.gif") -> RequestBody {
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"\(fileName)\"\r\n"
            + "Content-Type: \(type)\r\n\r\n\(bytes)\r\n--\(boundary)--\r\n"
        return .raw(body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    static let gif = "GIF89a\u{1}\u{0}\u{1}\u{0}\u{0}\u{0}\u{0};"
    static let invalidType = "Invalid file type. Only JPEG, PNG, GIF, and WebP are allowed."

    static var all: [Contract] {
        [
            Contract(
                id: "upload.avatar", area: area,
                summary: "an image upload sets the profile's avatar_url to a URL this server serves; a second replaces it; DELETE clears it",
                source: source("POST /upload/avatar, DELETE /upload/avatar"),
                classification: .v2Change(
                    "avatars live in the server's data folder and are served under /uploads/avatars/ instead of Supabase Storage (DECISIONS.md §D5)"),
                mutates: true,
                steps: [
                    Step("upload", RequestSpec("POST", "/upload/avatar", as: .editor, body: multipart(type: "image/gif", bytes: gif))).expect(
                        status: 200
                    )
                    .expect(body: .keys(["message": .equals("Avatar uploaded successfully"), "avatar_url": .string]))
                    .capture("first", at: "$.avatar_url"),
                    Step("profile", .get("/auth/profile", as: .editor)).expect(status: 200)
                        .expect(body: .object(["avatar_url": .variable("first")], exact: false)),
                    Step(
                        "replace",
                        RequestSpec(
                            "POST", "/upload/avatar", as: .editor, body: multipart(type: "image/gif", bytes: gif, fileName: "../../etc/passwd"))
                    )
                    .expect(status: 200).expect(body: .keys(["message": .string, "avatar_url": .string])).capture("second", at: "$.avatar_url"),
                    Step("profile-after", .get("/auth/profile", as: .editor)).expect(status: 200)
                        .expect(body: .object(["avatar_url": .variable("second")], exact: false)),
                    Step("delete", RequestSpec("DELETE", "/upload/avatar", as: .editor)).expect(status: 200)
                        .expect(body: .keys(["message": .equals("Avatar deleted successfully")])).golden(),
                    Step("delete-again", RequestSpec("DELETE", "/upload/avatar", as: .editor)).expect(status: 404).expect(
                        body: .error("No avatar to delete")),
                ]),
            Contract(
                id: "upload.refusals", area: area,
                summary: "no file, a non-image type, and bytes that are not the declared image are refused with v1's messages",
                source: source("POST /upload/avatar"), classification: .compatible, mutates: false, needs: [.stranger],
                steps: [
                    Step("no-file", RequestSpec("POST", "/upload/avatar", as: .stranger, body: .json(["avatar": "x"]))).expect(status: 400)
                        .expect(body: .error("No file uploaded")),
                    Step(
                        "text",
                        RequestSpec("POST", "/upload/avatar", as: .stranger, body: multipart(type: "text/plain", bytes: "hello", fileName: "a.txt"))
                    )
                    .expect(status: 400).expect(body: .error(invalidType)),
                    Step(
                        "not-a-png",
                        RequestSpec("POST", "/upload/avatar", as: .stranger, body: multipart(type: "image/png", bytes: "hello", fileName: "a.png"))
                    )
                    .expect(status: 400).expect(body: .error(invalidType)),
                    Step("anonymous", RequestSpec("POST", "/upload/avatar", body: multipart(type: "image/gif", bytes: gif))).expect(status: 401)
                        .expect(body: .error("Authentication required")),
                ]),
        ]
    }
}
