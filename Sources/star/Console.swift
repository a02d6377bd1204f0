import Foundation
import StarCore

/// The one place star prints.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func out(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Diagnostics in the chosen format: text and GitHub annotations as lines, JSON as one array. On stdout when
    /// they are the command's output (lint, validate); `asSideNote` puts them on stderr, next to other output.
    static func diagnostics(_ diagnostics: [Diagnostic], format: DiagnosticFormat, summary: Bool = true, asSideNote: Bool = false) {
        let rendered = DiagnosticRenderer.render(diagnostics, as: format)
        if asSideNote { return error(rendered + (summary && !diagnostics.isEmpty ? DiagnosticRenderer.summary(diagnostics) : "")) }
        switch format {
        case .json:
            out(rendered)
        case .text, .github:
            out(rendered)
            if summary, !diagnostics.isEmpty { error(DiagnosticRenderer.summary(diagnostics)) }
        }
    }

    /// A progress line on a terminal's stderr, redrawn in place; nil clears it.
    static func progress(_ text: String?) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text ?? "")).utf8))
    }

    static var workingDirectory: String { FileManager.default.currentDirectoryPath }
}
