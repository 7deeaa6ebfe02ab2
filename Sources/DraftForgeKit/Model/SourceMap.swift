// Where each line of a chapter's body was written. Front matter shifts the body's lines, and
// `{{#include …}}` brings in lines of other files, so a body line is mapped to a file and a line.
import Foundation

/// Maps 1-based lines of a chapter body to the file and line they came from.
///
/// Stored as runs of consecutive lines, sorted by their first body line, so lookup is a binary
/// search and a chapter without includes is one run.
public struct SourceMap: Hashable, Sendable {
    /// From `bodyLine` on, body lines follow `fileLine` on in `file`, until the next segment.
    struct Segment: Hashable, Sendable {
        var bodyLine: Int
        var file: String
        var fileLine: Int
        /// Columns the body adds before the file's text: the indent an include repeats on each line.
        var columnShift = 0
    }

    private(set) var segments: [Segment]

    /// A body that is the whole of `file` after `bodyLineOffset` lines of front matter.
    public init(file: String, bodyLineOffset: Int = 0) {
        segments = [Segment(bodyLine: 1, file: file, fileLine: bodyLineOffset + 1)]
    }

    init(segments: [Segment]) {
        precondition(!segments.isEmpty, "a source map covers line 1 at least")
        self.segments = segments
    }

    /// The same map with every file under `folder` (a book of a series, checked beside others).
    func inFolder(_ folder: String) -> SourceMap {
        SourceMap(segments: segments.map { segment in
            var segment = segment
            segment.file = folder + "/" + segment.file
            return segment
        })
    }

    /// The file of the body's first line: the chapter.
    public var file: String { segments[0].file }

    /// The files other than the chapter that lent the body lines, in order of first use.
    public var includedFiles: [String] {
        var seen: Set<String> = [file]
        return segments.map(\.file).filter { seen.insert($0).inserted }
    }

    /// Where body line `bodyLine` (1-based) and `column` were written.
    public func location(ofBodyLine bodyLine: Int, column: Int? = nil) -> SourceLocation {
        let segment = segments[segmentIndex(ofBodyLine: bodyLine)]
        let fileColumn = column.map { $0 > segment.columnShift ? $0 - segment.columnShift : $0 }
        return SourceLocation(file: segment.file, line: segment.fileLine + bodyLine - segment.bodyLine, column: fileColumn)
    }

    /// The body line written at `line` of `file`, or nil when that line is not in the body
    /// (front matter, or lines an include left out). The first such body line if it is in twice.
    public func bodyLine(ofFileLine line: Int, in file: String) -> Int? {
        for (index, segment) in segments.enumerated() where segment.file == file && line >= segment.fileLine {
            let bodyLine = segment.bodyLine + line - segment.fileLine
            if index + 1 == segments.count || bodyLine < segments[index + 1].bodyLine { return bodyLine }
        }
        return nil
    }

    /// A stable text naming the mapping, for cache keys: findings carry file lines.
    var identity: String {
        segments.map { "\($0.bodyLine)>\($0.file):\($0.fileLine)+\($0.columnShift)" }.joined(separator: " ")
    }

    private func segmentIndex(ofBodyLine bodyLine: Int) -> Int {
        var low = 0, high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].bodyLine <= bodyLine { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

extension SourceMap {
    /// Builds a map segment by segment, in body order. A segment replaces those starting on or
    /// after its line (an include's lines take over the directive's), and one that only
    /// continues the last one is dropped, so a body without includes stays one segment.
    struct Builder {
        private(set) var segments: [Segment] = []

        mutating func append(_ segment: Segment) {
            while let last = segments.last, last.bodyLine >= segment.bodyLine { segments.removeLast() }
            if let last = segments.last, continues(last, with: segment) { return }
            segments.append(segment)
        }

        /// `map`'s lines from body line `lines.lowerBound` to before `lines.upperBound`, placed
        /// `shift` lines further down and `columnShift` columns to the right.
        mutating func append(_ map: SourceMap, lines: Range<Int>, shift: Int, columnShift: Int = 0) {
            guard !lines.isEmpty else { return }
            var first = map.segments[map.segmentIndex(ofBodyLine: lines.lowerBound)]
            first.fileLine += lines.lowerBound - first.bodyLine
            first.bodyLine = lines.lowerBound
            for var segment in [first] + map.segments.drop(while: { $0.bodyLine <= lines.lowerBound })
            where segment.bodyLine < lines.upperBound {
                segment.bodyLine += shift
                segment.columnShift += columnShift
                append(segment)
            }
        }

        var map: SourceMap { SourceMap(segments: segments) }

        private func continues(_ last: Segment, with segment: Segment) -> Bool {
            last.file == segment.file && last.columnShift == segment.columnShift
                && segment.fileLine - last.fileLine == segment.bodyLine - last.bodyLine
        }
    }
}
