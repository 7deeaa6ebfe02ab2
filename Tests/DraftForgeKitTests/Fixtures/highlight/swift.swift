import Foundation

/// A reading list, sorted by title.
@MainActor
final class ReadingList: Sendable {
    /* Nested /* comments */ are fine in Swift. */
    private(set) var books: [Book] = []
    let limit = 1_000

    struct Book: Hashable, Codable {
        var title: String
        var pages: Int = 0x10
    }

    func add(_ title: String, pages: Int) throws -> Book {
        guard !title.isEmpty else { throw ListError.emptyTitle }
        let book = Book(title: title, pages: pages)
        books.append(book)
        books.sort { $0.title < $1.title }
        return book
    }

    var summary: String {
        let raw = #"Raw "quotes" and \#(books.count) books"#
        let multi = """
            Total: \(books.reduce(0) { $0 + $1.pages }) pages
            "Quoted" line, café ☕
            """
        return raw + multi + "\(limit * 2) \"done\""
    }
}

#if DEBUG
let ratio: Double = 3.5e-2
#endif
enum ListError: Error { case emptyTitle }
