// A strict well-formedness check with libxml2's XML parser, namespaces included: libxml2
// returns a document for an undeclared prefix, which EPUBCheck rejects as fatal, so the
// parser context's namespace flag is read too.
import CLibXML2
import Foundation

public enum XMLCheck {
    /// Nil when `xml` is a well-formed, namespace-well-formed document; else libxml2's message.
    public static func problem(in xml: String) -> String? {
        guard let context = xmlNewParserCtxt() else { return "libxml2 could not start" }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_HUGE.rawValue)
        let document = xml.utf8CString.withUnsafeBufferPointer { buffer in
            xmlCtxtReadMemory(context, buffer.baseAddress, Int32(buffer.count - 1), nil, "UTF-8", options)
        }
        if let document { xmlFreeDoc(document) }
        if document != nil, context.pointee.wellFormed != 0, context.pointee.nsWellFormed != 0 { return nil }
        let error = context.pointee.lastError
        let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        return "line \(error.line): \(message ?? "not well-formed")"
    }
}
