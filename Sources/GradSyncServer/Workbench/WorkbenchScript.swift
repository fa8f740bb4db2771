import GradSyncPlacement

/// The workbench's one script, served from the binary at `/assets/workbench.js`: plain JavaScript, no library.
///
/// It only helps while typing — filters a code list, marks the fields a destination needs, fills a region's
/// prefecture and county selects, checks a USCC's check character. Every rule is the server's to enforce.
enum WorkbenchScript {
    static let source = """
        "use strict";
        (function () {
          var alphabet = "\(String(SocialCreditCode.alphabet))";
          var weights = [\(SocialCreditCode.weights.map(String.init).joined(separator: ","))];
          function usccProblem(text) {
            if (text.length === 0) return "";
            if (text.length !== 18) return "统一社会信用代码应为 18 位，现在是 " + text.length + " 位";
            var sum = 0;
            for (var i = 0; i < 17; i++) {
              var v = alphabet.indexOf(text.charAt(i));
              if (v < 0) return "第 " + (i + 1) + " 位“" + text.charAt(i) + "”不是统一社会信用代码允许的字符";
              sum += v * weights[i];
            }
            var expected = alphabet.charAt((31 - sum % 31) % 31);
            return text.charAt(17) === expected ? "" : "校验位应为 " + expected + "，现在是 " + text.charAt(17);
          }
          function markDestination(select) {
            var option = select.options[select.selectedIndex];
            var needed = option && option.dataset.needed !== undefined ? option.dataset.needed.split(" ") : null;
            var used = option && option.dataset.used !== undefined ? option.dataset.used.split(" ") : null;
            var dependent = \(DestinationFields.dependent.map { "\"\($0)\"" }.joined(separator: ",").wrapped);
            dependent.forEach(function (name) {
              var cell = document.querySelector('.field[data-field="' + name + '"]');
              if (!cell) return;
              cell.classList.toggle("needed", needed !== null && needed.indexOf(name) >= 0);
              cell.classList.toggle("unused", used !== null && used.indexOf(name) < 0);
            });
          }
          document.addEventListener("DOMContentLoaded", function () {
            document.querySelectorAll("input.filter[data-filter-for]").forEach(function (input) {
              var select = document.getElementById(input.dataset.filterFor);
              input.addEventListener("input", function () {
                var wanted = input.value.trim();
                Array.prototype.forEach.call(select.options, function (option) {
                  option.hidden = wanted !== "" && option.value !== "" && option.text.indexOf(wanted) < 0;
                });
              });
            });
            var destination = document.getElementById("f-destination_code");
            if (destination) {
              destination.addEventListener("change", function () { markDestination(destination); });
              markDestination(destination);
            }
            document.querySelectorAll("select[data-region-level]").forEach(function (select) {
              var input = document.getElementById(select.dataset.regionFor);
              var level = Number(select.dataset.regionLevel);
              var lower = function (n) { return document.querySelector('select[data-region-for="' + select.dataset.regionFor + '"][data-region-level="' + n + '"]'); };
              select.addEventListener("change", function () {
                var regions = window.gradsyncRegions || {};
                for (var n = level + 1; n <= 2; n++) {
                  var below = lower(n);
                  while (below.options.length > 1) below.remove(1);
                  if (n === level + 1 && select.value) {
                    Object.keys(regions).filter(function (code) { return regions[code][1] === select.value; }).sort().forEach(function (code) {
                      below.add(new Option(code + " " + regions[code][0], code));
                    });
                  }
                }
                if (select.value) { input.value = select.value; }
                else if (level > 0 && lower(level - 1).value) { input.value = lower(level - 1).value; }
              });
            });
            document.querySelectorAll("input[data-uscc]").forEach(function (input) {
              var hint = document.querySelector('[data-uscc-hint="' + input.id + '"]');
              input.addEventListener("input", function () {
                var problem = usccProblem(input.value.trim().toUpperCase());
                hint.textContent = problem;
                hint.className = problem ? "problem" : "hint";
              });
            });
          });
        })();
        """
}

private extension String {
    /// The text in square brackets (a JavaScript array literal).
    var wrapped: String { "[" + self + "]" }
}
