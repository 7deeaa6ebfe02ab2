// The Word document's options (`docx:` in the config): standard manuscript format by default,
// as agents and editors expect it, or a plain book layout.
import Foundation

extension ManuscriptConfig {
    public struct DOCXOptions: Sendable, Equatable {
        public enum Style: String, CaseIterable, Sendable {
            /// 12 pt, double-spaced, 1-inch margins, a running header and a cover page with contact details.
            case manuscript
            /// A plain book layout: a title page, 11 pt at 1.15 lines, page numbers at the foot.
            case modern
        }

        public enum Paper: String, CaseIterable, Sendable {
            case letter, a4
        }

        /// Where the author can be reached, for the manuscript's cover page.
        public struct Contact: Sendable, Equatable {
            /// The author's legal name; the first author when not set.
            public var name: String?
            /// Postal address, one entry a line.
            public var address: [String] = []
            public var email: String?
            public var phone: String?
            public var website: String?

            public init() {}
        }

        public var style: Style = .manuscript
        public var font = "Times New Roman"
        public var paper: Paper = .letter
        /// The title in the running header; the title when not set.
        public var shortTitle: String?
        /// The surname in the running header; the last word of the first author when not set.
        public var surname: String?
        public var contact = Contact()

        public init() {}
    }
}
