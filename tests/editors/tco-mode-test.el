;;; tco-mode-test.el --- ERT tests of editors/emacs/tco-mode.el  -*- lexical-binding: t; -*-

;; Checks the faces of `tco-mode' against the scope assertions of tests/editors/*.test.tco
;; (the vscode-tmgrammar-test format, shared with the TextMate and Vim tests): each
;; TextMate scope below maps to a face that must be among the faces of every asserted
;; column; `- scope' assertions require that it is not.  Scopes with no entry are not
;; checked.
;;
;;   emacs --batch -Q -l editors/emacs/tco-mode.el -l tests/editors/tco-mode-test.el \
;;         -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'tco-mode)

(defconst tco-test-directory
  (file-name-directory (or load-file-name buffer-file-name)))

(defconst tco-test-scope-faces
  '(("comment." font-lock-comment-face font-lock-comment-delimiter-face)
    ("punctuation.definition.comment" font-lock-comment-face font-lock-comment-delimiter-face)
    ("string." font-lock-string-face)
    ("punctuation.definition.string" font-lock-string-face)
    ("constant.character.escape" tco-escape-face)
    ("keyword.control" font-lock-keyword-face)
    ("storage.type" font-lock-keyword-face)
    ("keyword.operator.word" font-lock-keyword-face)
    ("keyword.operator.conversion" tco-conversion-face)
    ("keyword.operator" tco-operator-face)
    ("keyword.other.unit" tco-unit-face)
    ("constant.numeric.money" tco-money-face)
    ("constant.numeric" tco-number-face)
    ("entity.name.type" font-lock-type-face)
    ("support.type" font-lock-type-face)
    ("entity.name.function" font-lock-function-name-face)
    ("support.function" font-lock-builtin-face)
    ("constant.language" font-lock-constant-face)
    ("entity.other.attribute-name" font-lock-preprocessor-face)
    ("variable.parameter.attribute" font-lock-preprocessor-face)
    ("variable.parameter" font-lock-variable-name-face)
    ("variable.other.definition" font-lock-variable-name-face))
  "TextMate scope prefix -> acceptable faces; the first matching prefix wins.")

(defun tco-test-faces-for (scope)
  "The faces that stand for SCOPE, or nil when SCOPE is not checked."
  (cdr (seq-find (lambda (entry) (string-prefix-p (car entry) scope))
                 tco-test-scope-faces)))

(defun tco-test-faces-at (pos)
  "The faces at POS, as a list."
  (let ((face (get-text-property pos 'face)))
    (if (listp face) face (list face))))

(defun tco-test-assertions ()
  "The assertions of the current buffer: (SOURCE-LINE-START FROM TO REQUIRED EXCLUDED LINE)."
  (goto-char (point-min))
  (unless (looking-at "// SYNTAX TEST \"source\\.tco\"")
    (error "Not a syntax test: %s" (buffer-substring (point) (line-end-position))))
  (forward-line 1)
  (let (source result)
    (while (not (eobp))
      (let ((line (buffer-substring-no-properties (point) (line-end-position)))
            (lnum (line-number-at-pos)))
        (if (not (string-match "\\`//\\([ \t]*\\)\\(\\^\\|<~*-+\\)" line))
            (setq source (point))
          (let ((rest (substring line 2)) ranges text)
            (if (string-match "\\`[ \t]*\\(\\(?:\\^+[ \t]*\\)+\\)" rest)
                (let ((end (match-end 1)) (start 0))
                  (while (and (string-match "\\^+" rest start) (< (match-beginning 0) end))
                    (push (cons (+ 2 (match-beginning 0)) (+ 2 (match-end 0))) ranges)
                    (setq start (match-end 0)))
                  (setq text (substring rest end)))
              (string-match "\\`[ \t]*<\\(~*\\)\\(-+\\)\\(.*\\)\\'" rest)
              (let ((from (length (match-string 1 rest))))
                (push (cons from (+ from (length (match-string 2 rest)))) ranges)
                (setq text (match-string 3 rest))))
            (let* ((parts (split-string text "\\(?:^\\|[ \t]\\)-\\(?:[ \t]\\|$\\)"))
                   (required (split-string (or (nth 0 parts) "")))
                   (excluded (split-string (or (nth 1 parts) ""))))
              (dolist (range ranges)
                (push (list source (car range) (cdr range) required excluded lnum) result))))))
      (forward-line 1))
    (nreverse result)))

(defun tco-test-check-file (file)
  "Fontify FILE in `tco-mode'; return (FAILURES . CHECKED)."
  (with-temp-buffer
    (insert-file-contents file)
    (tco-mode)
    (font-lock-ensure)
    (let ((failures nil) (checked 0))
      (dolist (a (tco-test-assertions))
        (pcase-let ((`(,start ,from ,to ,required ,excluded ,lnum) a))
          (dotimes (i (- to from))
            (let* ((pos (+ start from i))
                   (faces (tco-test-faces-at pos))
                   (where (format "%s:%d:%d" (file-name-nondirectory file)
                                  (line-number-at-pos start) (+ from i 1))))
              (dolist (scope required)
                (let ((want (tco-test-faces-for scope)))
                  (when want
                    (setq checked (1+ checked))
                    (unless (seq-intersection want faces)
                      (push (format "%s: expected %s (for %s), got %S  (assertion line %d)"
                                    where (car want) scope faces lnum)
                            failures)))))
              (dolist (scope excluded)
                (let ((unwanted (tco-test-faces-for scope)))
                  (when unwanted
                    (setq checked (1+ checked))
                    (when (seq-intersection unwanted faces)
                      (push (format "%s: unexpected %s (for - %s), got %S  (assertion line %d)"
                                    where (car unwanted) scope faces lnum)
                            failures)))))))))
      (cons (nreverse failures) checked))))

(ert-deftest tco-mode-faces ()
  "Every mapped scope assertion of tests/editors/*.test.tco holds in `tco-mode'."
  (let ((files (directory-files tco-test-directory t "\\.test\\.tco\\'"))
        (failures nil) (checked 0))
    (should files)
    (dolist (file files)
      (let ((r (tco-test-check-file file)))
        (setq failures (append failures (car r))
              checked (+ checked (cdr r)))))
    (when failures
      (message "%s" (mapconcat #'identity failures "\n")))
    (message "emacs: %d column checks in %d files, %d failed"
             checked (length files) (length failures))
    (should (> checked 0))
    (should (null failures))))

(ert-deftest tco-mode-setup ()
  "`.tco' files open in `tco-mode', derived from `prog-mode', with C-style comments."
  (should (equal (assoc-default "plan.tco" auto-mode-alist #'string-match) 'tco-mode))
  (with-temp-buffer
    (tco-mode)
    (should (derived-mode-p 'prog-mode))
    (should (equal comment-start "// "))
    (insert "let x = 1 // note\n/* block\n comment */ let y = 2\n")
    (font-lock-ensure)
    (goto-char (point-min))
    (search-forward "note")
    (should (nth 4 (syntax-ppss)))
    (search-forward "comment")
    (should (nth 4 (syntax-ppss)))
    (search-forward "let y")
    (should-not (nth 4 (syntax-ppss)))))

(ert-deftest tco-mode-indentation ()
  "Block contents are indented by `tco-indent-offset'."
  (with-temp-buffer
    (tco-mode)
    (insert "report \"x\" {\na: 1\nb: f(1,\n2)\n}\n")
    (indent-region (point-min) (point-max))
    (should (equal (buffer-string)
                   "report \"x\" {\n  a: 1\n  b: f(1,\n    2)\n}\n"))))

;;; tco-mode-test.el ends here
