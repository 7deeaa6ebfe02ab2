// Runs mdBook's directives in a chapter body, as mdBook's `links` preprocessor does:
// `{{#include file…}}`, `{{#rustdoc_include file…}}`, `{{#playground file …}}` and `{{#title …}}`.
// Included text is searched for directives again (10 deep at most), and every line of the result
// is mapped to the file and line it was written at, so diagnostics point into included files.
// In a DraftForge manuscript a file or an anchor that is not there is an error. An mdBook project
// read as it is (book.toml, no draftforge.yml) builds as mdBook builds it: the listing is left
// out and a warning says which and why; a file outside the book is never read either way.
import Foundation

/// Expands the directives of one chapter's body.
struct BookIncludeExpander {
    /// mdBook's limit: a chapter and 10 nested includes.
    static let maxDepth = 10

    let root: URL
    let context: BuildContext
    /// The text of the last `{{#title …}}`.
    private(set) var title: String?
    private(set) var warnings: [Diagnostic] = []
    private(set) var errors: [Diagnostic] = []

    /// mdBook's way: an include that cannot be run is a warning and leaves nothing behind.
    let isLenient: Bool

    init(root: URL, context: BuildContext, isLenient: Bool = false) {
        self.root = root
        self.context = context
        self.isLenient = isLenient
    }

    /// `body` of the chapter `file` with its directives run, and where each of its lines was written.
    /// A body without directives is returned as it is, with a one-segment map.
    mutating func expand(_ body: String, file: String, bodyLineOffset: Int) -> (text: String, sourceMap: SourceMap) {
        let sourceMap = SourceMap(file: file, bodyLineOffset: bodyLineOffset)
        let directives = BookDirective.find(in: body)
        guard !directives.isEmpty else { return (body, sourceMap) }
        return expand(body, directives: directives, sourceMap: sourceMap, chain: [file])
    }

    /// `chain` holds the files being included, the chapter first: a file in it would include itself.
    private mutating func expand(
        _ text: String, directives: [BookDirective], sourceMap: SourceMap, chain: [String]
    ) -> (text: String, sourceMap: SourceMap) {
        var output = ""
        var builder = SourceMap.Builder()
        var copied = text.startIndex
        // Input lines from `nextLine` on are `shift` lines further down in the output.
        var nextLine = 1
        var shift = 0
        for directive in directives {
            output += text[copied..<directive.range.lowerBound]
            copied = directive.range.upperBound
            if directive.isEscaped {
                output += directive.text
                continue
            }
            guard let (replacement, replacementMap) = run(directive, sourceMap: sourceMap, chain: chain) else {
                output += directive.text
                continue
            }
            // mdBook repeats what precedes the directive on its line (an indent, `> `) on every line.
            let prefix = output.utf8.lastIndex(of: UInt8(ascii: "\n")).map { output[output.utf8.index(after: $0)...] } ?? output[...]
            var lines = replacement.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            output += lines.joined(separator: "\n" + prefix)

            builder.append(sourceMap, lines: nextLine..<directive.line, shift: shift)
            if lines.isEmpty {
                builder.append(sourceMap, lines: directive.line..<directive.line + 1, shift: shift)
            } else {
                builder.append(
                    replacementMap, lines: 1..<lines.count + 1, shift: directive.line + shift - 1,
                    columnShift: prefix.utf8.count)
            }
            let endLine = directive.line + directive.text.utf8.count(where: { $0 == UInt8(ascii: "\n") })
            shift += max(lines.count, 1) - 1 - (endLine - directive.line)
            nextLine = endLine + 1
        }
        output += text[copied...]
        builder.append(sourceMap, lines: nextLine..<Int.max, shift: shift)
        return (output, builder.map)
    }

    /// The text a directive stands for and its map, or nil when it stays as written (a directive
    /// DraftForge does not know, warned of, or one that failed, an error).
    private mutating func run(
        _ directive: BookDirective, sourceMap: SourceMap, chain: [String]
    ) -> (String, SourceMap)? {
        let location = sourceMap.location(ofBodyLine: directive.line, column: directive.column)
        switch directive.name {
        case "title":
            title = directive.argument.trimmingCharacters(in: .whitespacesAndNewlines)
            return ("", sourceMap)
        case "include", "rustdoc_include", "playground":
            do throws(Diagnostic) {
                return try include(directive, at: location, chain: chain)
            } catch {
                guard isLenient else {
                    errors.append(error)
                    return nil
                }
                var warning = error
                warning.severity = .warning
                warning.message += "; the listing is left out, as mdBook leaves it"
                warnings.append(warning)
                return ("", sourceMap)
            }
        default:
            warnings.append(directive.unsupported(at: location))
            return nil
        }
    }

    /// The lines an include directive takes from its file, its own directives run.
    private mutating func include(
        _ directive: BookDirective, at location: SourceLocation, chain: [String]
    ) throws(Diagnostic) -> (String, SourceMap)? {
        let words = directive.argument.split(whereSeparator: \.isWhitespace)
        guard let target = words.first else { return nil }
        let isPlayground = directive.name == "playground"
        let pathEnd = isPlayground ? target.endIndex : target.firstIndex(of: ":") ?? target.endIndex
        let path = try resolve(String(target[..<pathEnd]), from: location.file, directive, at: location)
        guard !chain.contains(path) else {
            throw Diagnostic(
                .error, .includeCycle, at: location,
                "'\(directive.shortText)' includes '\(path)', which is already being included: "
                    + (chain + [path]).joined(separator: " → "),
                suggestion: "remove the include that leads back")
        }
        guard chain.count <= Self.maxDepth else {
            throw Diagnostic(
                .error, .includeTooDeep, at: location,
                "'\(directive.shortText)' nests includes more than \(Self.maxDepth) deep: "
                    + (chain + [path]).joined(separator: " → "),
                suggestion: "include the innermost files directly")
        }
        let lines = try readLines(path)
        let piece: [IncludedLine]
        if isPlayground {
            let attributes = words.dropFirst().joined(separator: ",")
            let fence = IncludedLine(text: "```rust" + (attributes.isEmpty ? "" : "," + attributes), location: location)
            let closing = IncludedLine(text: "```", location: location)
            piece = [fence] + IncludedLine.select(lines, .lines(0..<Int.max), file: path) + [closing]
        } else {
            let selection = LineSelection(target[pathEnd...].dropFirst())
            if case .anchor(let name) = selection, !AnchorMarker.opens(name, in: lines) {
                throw Diagnostic(
                    .error, .includeAnchorMissing, at: location,
                    "'\(directive.shortText)' names the anchor '\(name)', but '\(path)' has no line with 'ANCHOR: \(name)'",
                    suggestion: "mark the lines with 'ANCHOR: \(name)' and 'ANCHOR_END: \(name)' in \(path), or fix the name")
            }
            piece = directive.name == "include"
                ? IncludedLine.select(lines, selection, file: path)
                : IncludedLine.hidingUnselected(lines, selection, file: path)
        }
        let (text, map) = IncludedLine.joined(piece, fallback: location)
        let nested = BookDirective.find(in: text)
        guard !nested.isEmpty else { return (text, map) }
        return expand(text, directives: nested, sourceMap: map, chain: chain + [path])
    }

    /// The root-relative path of `path` written in `file`, refused when it leaves the root, passes
    /// through a dot-folder, or names nothing.
    private func resolve(
        _ path: String, from file: String, _ directive: BookDirective, at location: SourceLocation
    ) throws(Diagnostic) -> String {
        var components = path.hasPrefix("/") ? [] : file.split(separator: "/").dropLast().map(String.init)
        var leavesRoot = path.hasPrefix("/")
        for component in path.split(separator: "/") where component != "." {
            if component != ".." {
                components.append(String(component))
            } else if components.popLast() == nil {
                leavesRoot = true
            }
        }
        let relative = components.joined(separator: "/")
        guard !leavesRoot else {
            throw Diagnostic(
                .error, .outsideRoot, at: location,
                "'\(directive.shortText)' names '\(path)', which leads outside the manuscript folder; it is not read",
                suggestion: "copy the file into the manuscript folder")
        }
        let url = root.appendingPathComponent(relative)
        do {
            try RootCheck.refuseUnlessInside(url, root: root, file: relative)
        } catch {
            var refusal = error
            refusal.location = location
            refusal.message = "'\(directive.shortText)': " + refusal.message
            throw refusal
        }
        guard fileExists(url) else {
            context.read(relative)
            throw Diagnostic(
                .error, .includeMissing, at: location,
                "'\(directive.shortText)' names '\(relative)', which is not a file",
                suggestion: "fix the path: it is relative to the folder of \(file)")
        }
        return relative
    }

    /// The lines of an included file, as `String.lines` would split them (no last empty line).
    private func readLines(_ path: String) throws(Diagnostic) -> [Substring] {
        context.read(path)
        let text = LoadStage.unixLineEndings(try readText(root.appendingPathComponent(path), name: path))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}

/// Which lines of a file an include takes: `file:2:10`, `file:2:`, `file::10`, `file:2` (that
/// line only) or `file:name` (an anchor), as mdBook reads them.
enum LineSelection: Equatable {
    /// 0-based, half-open; the upper bound is `Int.max` for "to the end".
    case lines(Range<Int>)
    case anchor(String)

    init(_ selector: Substring) {
        let parts = selector.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let first = parts.first ?? ""
        let start: Int?
        if let number = UInt(first) {
            start = max(Int(number) - 1, 0)
        } else if first.isEmpty {
            start = nil
        } else {
            self = .anchor(String(first))
            return
        }
        let end: Int?? = parts.count > 1 ? .some(UInt(parts[1]).map { Int($0) }) : nil
        switch (start, end) {
        case (let start?, let end??): self = .lines(start..<max(start, end))
        case (let start?, .some(nil)): self = .lines(start..<Int.max)
        case (let start?, nil): self = .lines(start..<start + 1)
        case (nil, let end??): self = .lines(0..<end)
        case (nil, _): self = .lines(0..<Int.max)
        }
    }
}

/// A line holding `ANCHOR: name` or `ANCHOR_END: name` (mdBook's patterns, anywhere on the line).
struct AnchorMarker: Equatable {
    var name: Substring
    var isEnd: Bool

    init(name: Substring, isEnd: Bool) {
        (self.name, self.isEnd) = (name, isEnd)
    }

    init?(_ line: Substring) {
        guard line.contains("ANCHOR") else { return nil }
        if let name = Self.name(after: "ANCHOR_END:", in: line) {
            (self.name, isEnd) = (name, true)
        } else if let name = Self.name(after: "ANCHOR:", in: line) {
            (self.name, isEnd) = (name, false)
        } else {
            return nil
        }
    }

    /// Whether a line of `lines` opens the anchor `name`.
    static func opens(_ name: String, in lines: [Substring]) -> Bool {
        lines.contains { AnchorMarker($0) == AnchorMarker(name: name[...], isEnd: false) }
    }

    private static func name(after keyword: String, in line: Substring) -> Substring? {
        var rest = line
        while let found = rest.range(of: keyword) {
            rest = rest[found.upperBound...]
            let name = rest.drop(while: \.isWhitespace).prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if !name.isEmpty { return name }
        }
        return nil
    }
}

/// A line an include brings in, with where it was written.
struct IncludedLine {
    var text: Substring
    var location: SourceLocation

    init(text: some StringProtocol, location: SourceLocation) {
        self.text = Substring(text)
        self.location = location
    }

    /// The selected lines of `file`, anchor markers left out.
    static func select(_ lines: [Substring], _ selection: LineSelection, file: String) -> [IncludedLine] {
        marked(lines, selection, file: file, firstAnchorOnly: true).filter(\.selected).map(\.line)
    }

    /// Every line of `file`, those outside the selection as hidden Rust lines (`# `), anchor
    /// markers left out: mdBook's `rustdoc_include`.
    static func hidingUnselected(_ lines: [Substring], _ selection: LineSelection, file: String) -> [IncludedLine] {
        marked(lines, selection, file: file, firstAnchorOnly: false).map { line, selected in
            selected ? line : IncludedLine(text: "# " + line.text, location: line.location)
        }
    }

    /// The lines that are not anchor markers, each with whether the selection takes it. An anchor
    /// takes the lines between its `ANCHOR` and `ANCHOR_END`, every such pair for rustdoc_include
    /// but the first for include, as mdBook does.
    private static func marked(
        _ lines: [Substring], _ selection: LineSelection, file: String, firstAnchorOnly: Bool
    ) -> [(line: IncludedLine, selected: Bool)] {
        var result: [(line: IncludedLine, selected: Bool)] = []
        var insideAnchor = false
        var anchorClosed = false
        for (index, text) in lines.enumerated() {
            if let marker = AnchorMarker(text) {
                if case .anchor(let name) = selection, marker.name == name {
                    if marker.isEnd, insideAnchor { anchorClosed = true }
                    insideAnchor = !marker.isEnd && !(firstAnchorOnly && anchorClosed)
                }
                continue
            }
            let selected: Bool
            switch selection {
            case .lines(let range): selected = range.contains(index)
            case .anchor: selected = insideAnchor
            }
            result.append((IncludedLine(text: text, location: SourceLocation(file: file, line: index + 1)), selected))
        }
        return result
    }

    /// The lines as one text, and its map; an empty piece maps to `fallback`.
    static func joined(_ lines: [IncludedLine], fallback: SourceLocation) -> (String, SourceMap) {
        var builder = SourceMap.Builder()
        for (index, line) in lines.enumerated() {
            builder.append(.init(bodyLine: index + 1, file: line.location.file, fileLine: line.location.line ?? 1))
        }
        if lines.isEmpty { builder.append(.init(bodyLine: 1, file: fallback.file, fileLine: fallback.line ?? 1)) }
        return (lines.map(\.text).joined(separator: "\n"), builder.map)
    }
}
