;;; tco-mode.el --- Major mode for tco plans (tcoc)  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages
;; URL: see README.md of the tcoc repository (section "Editors")

;;; Commentary:

;; A major mode for `.tco' files, the small unit-checked language in which tcoc plans
;; describe accelerators, LLM workloads and prices.  It highlights comments, strings,
;; keywords, numbers with their count suffix (`5M', `100k'), money literals (`$2.49'),
;; the units after numbers (`80 GB', `3.35 TB/s', `5M req/month', `60%'), the `->'
;; conversion and its target unit (`-> $/Mtok'), type names in declarations
;; (`memory: Data'), record types, function calls, builtins, `none'/`auto' and
;; `@prefixes(...)' attributes.
;;
;; The lexical rules follow grammar/Tco.g4 and compiler/syntax/parse.cpp: a unit is
;; what follows a number on the same line, juxtaposed or after `/', and is never a
;; keyword (`min', minutes, is a unit) nor a name followed by `.', `(' or `{'.
;;
;; Install: put this file on `load-path' and (require 'tco-mode), or
;;   (add-to-list 'load-path "/path/to/tcoc/editors/emacs")
;;   (autoload 'tco-mode "tco-mode" nil t)
;;   (add-to-list 'auto-mode-alist '("\\.tco\\'" . tco-mode))
;;
;; Tests: tests/editors/tco-mode-test.el (ERT), against tests/editors/*.test.tco.

;;; Code:

(defgroup tco nil
  "Major mode for tco plans."
  :group 'languages
  :prefix "tco-")

(defcustom tco-indent-offset 2
  "Indentation of a `.tco' block's contents, in columns."
  :type 'integer
  :safe #'integerp)

;;;; Faces: numbers and units have none of their own in Emacs before 29.

(defface tco-number-face
  `((t :inherit ,(if (facep 'font-lock-number-face) 'font-lock-number-face
                   'font-lock-constant-face)))
  "Face for numbers, count suffix included (`5M').")

(defface tco-money-face '((t :inherit tco-number-face))
  "Face for the `$' and number of a money literal (`$2.49').")

(defface tco-unit-face '((t :inherit font-lock-builtin-face))
  "Face for units: after a number (`80 GB'), after `->', in `unit' declarations.")

(defface tco-conversion-face '((t :inherit font-lock-keyword-face))
  "Face for the `->' conversion operator.")

(defface tco-operator-face
  `((t ,@(and (facep 'font-lock-operator-face) '(:inherit font-lock-operator-face))))
  "Face for operators (`+', `<=', `..', `&&').  Plain unless the theme sets one.")

(defface tco-escape-face
  `((t :inherit ,(if (facep 'font-lock-escape-face) 'font-lock-escape-face
                   'font-lock-regexp-grouping-backslash)))
  "Face for escapes in strings (`\\\"', `\\n').")

;;;; Words (grammar/Tco.g4)

(defconst tco--declaration-keywords '("let" "fn" "type" "dimension" "unit"))
(defconst tco--keywords
  (append '("import") tco--declaration-keywords
          '("report" "sweep" "simulate" "assert"
            "over" "in" "where" "best" "top" "by" "pareto" "show" "samples" "seed"
            "step" "geometric" "min" "max" "largest" "smallest"
            "if" "then" "else" "and" "or" "not" "with")))
(defconst tco--reserved (append tco--keywords '("true" "false"))
  "Every keyword token of the lexer.")
(defconst tco--builtins
  '("min" "max" "clamp" "ceil" "floor" "round" "abs" "sqrt" "ln" "exp" "log10" "log2" "sin" "cos"
    "pow" "uniform" "normal" "triangular" "lognormal" "mean" "sum" "count" "stddev"
    "percentile"))

(defconst tco--ident "[[:alpha:]_][[:alnum:]_]*")
(defconst tco--digits "[0-9]\\(?:_?[0-9]\\)*")
(defconst tco--number
  (concat tco--digits "\\(?:\\." tco--digits "\\)?\\(?:[eE][-+]?" tco--digits "\\)?"))
(defconst tco--type
  (let ((atom (concat "\\(?:" tco--ident "\\|" tco--number "\\)")))
    (concat atom "\\(?:[ \t]*[*/^][ \t]*-?" atom "\\)*"))
  "A type: a product of dimension or record names (`Money/Time/Device').")

;;;; Syntax table

(defvar tco-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?/ ". 124b" st)
    (modify-syntax-entry ?* ". 23" st)
    (modify-syntax-entry ?\n "> b" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (modify-syntax-entry ?_ "_" st)
    (dolist (c '(?$ ?% ?@ ?+ ?- ?= ?< ?> ?! ?& ?| ?^ ?. ?, ?: ?'))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table of `tco-mode'.")

;;;; Matchers

(defun tco--in-code-p (&optional pos)
  "Non-nil when POS (default point) is neither in a string nor in a comment."
  (save-excursion (save-match-data (not (nth 8 (syntax-ppss pos))))))

(defun tco--reserved-p (word)
  "Non-nil when WORD is a keyword token."
  (member word tco--reserved))

(defun tco--name-position-p (beg end)
  "Non-nil when the word from BEG to END is a name, not a keyword.
That is after `.' (`x.type'), before `=' (`unit = 1'), before `:' (a
label) or after `let'."
  (or (and (eq (char-before beg) ?.) (not (eq (char-before (1- beg)) ?.)))
      (save-excursion
        (goto-char end)
        (looking-at "[ \t]*\\(?:=[^=]\\|:\\)"))
      (save-excursion
        (goto-char beg)
        (looking-back "\\_<let[ \t]+" (line-beginning-position)))))

(defun tco--search (regexp limit predicate)
  "Search REGEXP up to LIMIT for a match in code for which PREDICATE holds.
PREDICATE is called with no argument and the match data of the candidate."
  (let (found)
    (while (and (not found) (re-search-forward regexp limit t))
      (let ((md (match-data)))
        (when (and (tco--in-code-p (match-beginning 0))
                   (save-match-data
                     (save-excursion (set-match-data md) (funcall predicate))))
          (set-match-data md)
          (setq found t))))
    found))

(defun tco--word-matcher (words)
  "A font-lock matcher for WORDS used as keywords (not as names)."
  (let ((re (concat "\\_<" (regexp-opt words t) "\\_>")))
    (lambda (limit)
      (tco--search re limit
                   (lambda () (not (tco--name-position-p (match-beginning 1)
                                                         (match-end 1))))))))

(defun tco--match-escape (limit)
  "Find an escape in a string before LIMIT."
  (let (found)
    (while (and (not found) (re-search-forward "\\\\." limit t))
      (when (save-match-data (save-excursion (nth 3 (syntax-ppss (match-beginning 0)))))
        (setq found t)))
    found))

;; Units, as compiler/syntax/parse.cpp finds them (mark_literal_units).

(defun tco--unit-atom (&optional target)
  "Move over a unit atom at point and return non-nil, or return nil.
A keyword (but `min' and `max') is no unit, nor, unless TARGET (after
`->'), a name followed by `.', `(' or `{', or a `$' starting a money
literal."
  (let ((start (point)))
    (cond
     ((looking-at "\\$[ \t]*[0-9]") (and target (progn (forward-char 1) t)))
     ((looking-at "[$%]") (forward-char 1) t)
     ((looking-at tco--ident)
      (let ((word (match-string-no-properties 0))
            (end (match-end 0)))
        (goto-char end)
        (if (or (and (tco--reserved-p word) (not (member word '("min" "max"))))
                (and (not target)
                     (looking-at "[ \t]*\\(?:\\.\\(?:[^.]\\|$\\)\\|[({]\\)")))
            (progn (goto-char start) nil)
          t))))))

(defun tco--unit-factor (&optional target)
  "Move over a unit factor at point (`GB', `m^2'); nil if there is none.
TARGET is as in `tco--unit-atom'."
  (when (tco--unit-atom target)
    (when (looking-at (concat "\\^-?" tco--number))
      (goto-char (match-end 0)))
    t))

(defun tco--unit-tail (&optional target)
  "Move over unit factors, juxtaposed or after `/' (also `*' when TARGET)."
  (let ((done nil))
    (while (not done)
      (let ((p (point)))
        (skip-chars-forward " \t")
        (cond
         ((tco--unit-factor target))
         ((looking-at (if target "[*/]\\([^/*]\\|$\\)" "/\\([^/*]\\|$\\)"))
          (forward-char 1)
          (skip-chars-forward " \t")
          (unless (tco--unit-factor target)
            (goto-char p)
            (setq done t)))
         (t (goto-char p) (setq done t)))))))

(defun tco--match-literal (limit)
  "Find a number or money literal before LIMIT.
Match groups: 1 the money `$' and number, 2 a plain number, 3 the unit."
  (let (found)
    (while (and (not found) (re-search-forward "[$0-9]" limit t))
      (let ((start (match-beginning 0)))
        (goto-char start)
        (cond
         ((not (tco--in-code-p start)) (forward-char 1))
         ((looking-at (concat "\\$[ \t]*" tco--number))
          (goto-char (match-end 0))
          (tco--count-suffix)
          (let ((num-end (point)) unit-start)
            (tco--unit-tail)
            (when (> (point) num-end)
              (setq unit-start (save-excursion (goto-char num-end)
                                               (skip-chars-forward " \t") (point))))
            (set-match-data (list start (point) start num-end nil nil
                                  unit-start (and unit-start (point))))
            (setq found t)))
         ((and (looking-at tco--number)
               (not (memq (char-before start) '(?$)))
               (not (and (char-before start)
                         (string-match-p "[[:alnum:]_]" (string (char-before start))))))
          (goto-char (match-end 0))
          (tco--count-suffix)
          (let ((num-end (point)) unit-start)
            (skip-chars-forward " \t")
            (if (not (save-excursion (tco--unit-factor)))
                (goto-char num-end)
              (setq unit-start (point))
              (tco--unit-factor)
              (tco--unit-tail))
            (set-match-data (list start (point) nil nil start num-end
                                  unit-start (and unit-start (point))))
            (setq found t)))
         (t (skip-chars-forward "$0-9")))))
    found))

(defun tco--count-suffix ()
  "Move over a count suffix touching the number (`5M', `100k', not `5MB')."
  (when (and (looking-at "[kMGT]")
             (not (looking-at "[kMGT]\\(?:[[:alnum:]_^]\\)")))
    (forward-char 1)))

(defun tco--fn-signature-arrow-p (arrow)
  "Non-nil when the `->' at ARROW follows the parameter list of an `fn'."
  (save-excursion
    (goto-char arrow)
    (forward-comment (- (buffer-size)))
    (and (eq (char-before) ?\))
         (condition-case nil
             (progn (backward-sexp)
                    (looking-back (concat "\\_<fn[ \t]+" tco--ident "[ \t]*")
                                  (line-beginning-position)))
           (error nil)))))

(defun tco--match-return-type (limit)
  "Find `-> Type' after an `fn' parameter list, before LIMIT (groups 1 and 2)."
  (tco--search (concat "\\(->\\)[ \t]*\\(" tco--type "\\)") limit
               (lambda () (tco--fn-signature-arrow-p (match-beginning 1)))))

(defun tco--match-conversion (limit)
  "Find `->' and its target unit before LIMIT (groups 1 and 2)."
  (let (found)
    (while (and (not found) (search-forward "->" limit t))
      (let ((arrow (match-beginning 0)))
        (when (and (tco--in-code-p arrow) (not (tco--fn-signature-arrow-p arrow)))
          (let ((arrow-end (point)) target-start)
            (skip-chars-forward " \t")
            (setq target-start (point))
            (if (looking-at tco--number)
                (progn (goto-char (match-end 0)) (tco--unit-tail t))
              (when (tco--unit-factor t) (tco--unit-tail t)))
            (if (> (point) target-start)
                (set-match-data (list arrow (point) arrow arrow-end target-start (point)))
              (goto-char arrow-end)
              (set-match-data (list arrow arrow-end arrow arrow-end)))
            (setq found t)))))
    found))

(defun tco--enclosing-opener ()
  "The kind of the innermost bracket around point: `record' inside `type X { }',
`params' inside `fn f( )', else nil."
  (let ((open (nth 1 (syntax-ppss))))
    (when open
      (save-excursion
        (goto-char open)
        (cond
         ((and (eq (char-after) ?{)
               (progn (forward-comment (- (buffer-size)))
                      (looking-back (concat "\\_<type[ \t]+" tco--ident)
                                    (line-beginning-position))))
          'record)
         ((and (eq (char-after) ?\()
               (looking-back (concat "\\_<fn[ \t]+" tco--ident "[ \t]*")
                             (line-beginning-position)))
          'params))))))

(defun tco--match-annotation (limit)
  "Find `name: Type' in a declaration before LIMIT.
That is in `let', `unit', a record type's fields or the parameters of
an `fn'.  Groups: 1 a parameter's name, 2 the type."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "\\(?:^\\|[^[:alnum:]_]\\)\\(" tco--ident
                                           "\\|\\$\\|%\\)[ \t]*:[ \t]*\\(" tco--type "\\)")
                                   limit t))
      (let ((name-beg (match-beginning 1)) (md (match-data)))
        (goto-char (match-end 2))
        (when (tco--in-code-p name-beg)
          (let ((kind (save-excursion
                        (goto-char name-beg)
                        (cond
                         ((looking-back "\\_<\\(?:let\\|unit\\)[ \t]+" (line-beginning-position))
                          'declaration)
                         (t (tco--enclosing-opener))))))
            (when kind
              (set-match-data md)
              (unless (eq kind 'params)
                (setf (nth 2 md) nil (nth 3 md) nil)
                (set-match-data md))
              (goto-char (match-end 0))
              (setq found t))))))
    found))

(defun tco--unit-declaration-limit ()
  "Pre-form of the `unit' declaration rule: where its names end.
The rest of the line when the unit is defined by an expression (`unit
rack = 72 gpu'); else point moves to the end of the line."
  (if (looking-at "[ \t]*=")
      (line-end-position)
    (end-of-line)
    (point)))

(defun tco--match-unit-name (limit)
  "Find a unit name on the right of `unit x = ...' before LIMIT."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "\\_<" tco--ident "\\_>\\|[$%]") limit t))
      (when (tco--in-code-p (match-beginning 0))
        (setq found t)))
    found))

(defun tco--match-call (limit)
  "Find a called name (not a keyword, not a builtin) before LIMIT (group 1)."
  (tco--search (concat "\\_<\\(" tco--ident "\\)[ \t]*(") limit
               (lambda ()
                 (let ((word (match-string-no-properties 1)))
                   (not (or (tco--reserved-p word)
                            (eq (char-before (match-beginning 1)) ?.)))))))

(defun tco--match-builtin (limit)
  "Find a builtin called before LIMIT (group 1)."
  (tco--search (concat "\\_<\\(" (regexp-opt tco--builtins) "\\|p[1-9][0-9]?\\)[ \t]*(")
               limit
               (lambda () (not (eq (char-before (match-beginning 1)) ?.)))))

(defun tco--match-record-type (limit)
  "Find the type of a record literal (`Workload {') before LIMIT (group 1)."
  (tco--search (concat "\\_<\\(" tco--ident "\\)[ \t]*{") limit
               (lambda ()
                 (not (or (tco--reserved-p (match-string-no-properties 1))
                          (eq (char-before (match-beginning 1)) ?.))))))

(defun tco--match-axis (limit)
  "Find a sweep axis (`over gpu in ...') before LIMIT (group 1)."
  (tco--search (concat "\\_<\\(" tco--ident "\\)[ \t]+in\\_>") limit
               (lambda () (not (tco--reserved-p (match-string-no-properties 1))))))

;;;; Font lock

(defconst tco-font-lock-keywords
  `((tco--match-escape (0 'tco-escape-face prepend))
    (,(concat "\\(@" tco--ident "\\)\\(?:[ \t]*\\(([^)\n]*)\\)\\)?")
     (1 'font-lock-preprocessor-face) (2 'font-lock-preprocessor-face nil t))
    ;; declarations
    (,(concat "\\_<\\(import\\)[ \t]+\\(" tco--ident "\\)")
     (1 'font-lock-keyword-face) (2 'font-lock-constant-face))
    (,(concat "\\_<\\(let\\)[ \t]+\\(" tco--ident "\\)")
     (1 'font-lock-keyword-face) (2 'font-lock-variable-name-face))
    (,(concat "\\_<\\(fn\\)[ \t]+\\(" tco--ident "\\)")
     (1 'font-lock-keyword-face) (2 'font-lock-function-name-face))
    (,(concat "\\_<\\(type\\)[ \t]+\\(" tco--ident "\\)")
     (1 'font-lock-keyword-face) (2 'font-lock-type-face))
    (,(concat "\\_<\\(dimension\\)[ \t]+\\(" tco--ident "\\)\\(?:[ \t]*=[ \t]*\\("
              tco--type "\\)\\)?")
     (1 'font-lock-keyword-face) (2 'font-lock-type-face) (3 'font-lock-type-face nil t))
    (tco--match-annotation (1 'font-lock-variable-name-face nil t) (2 'font-lock-type-face))
    (,(concat "\\_<\\(unit\\)[ \t]+\\(" tco--ident "\\|\\$\\|%\\)")
     (1 'font-lock-keyword-face) (2 'tco-unit-face)
     (tco--match-unit-name (tco--unit-declaration-limit) nil (0 'tco-unit-face)))
    (tco--match-return-type (1 'tco-operator-face) (2 'font-lock-type-face))
    ;; conversions (before literals: `-> 1/s') and literals
    (tco--match-conversion (1 'tco-conversion-face) (2 'tco-unit-face nil t))
    (tco--match-literal (1 'tco-money-face nil t) (2 'tco-number-face nil t)
                        (3 'tco-unit-face nil t))
    ;; names
    (tco--match-axis (1 'font-lock-variable-name-face))
    (tco--match-builtin (1 'font-lock-builtin-face))
    (tco--match-call (1 'font-lock-function-name-face))
    (tco--match-record-type (1 'font-lock-type-face))
    (,(tco--word-matcher '("true" "false" "none" "auto")) (1 'font-lock-constant-face))
    (,(tco--word-matcher tco--keywords) (1 'font-lock-keyword-face))
    ("\\.\\.\\|==\\|!=\\|<=\\|>=\\|&&\\|||\\|[-+*/^<>=!]" (0 'tco-operator-face)))
  "Font-lock rules of `tco-mode'; the first that colours a piece of text wins.")

;;;; Indentation: by bracket depth.

(defun tco-indent-line ()
  "Indent the current line by the depth of its brackets."
  (interactive)
  (let* ((depth (save-excursion (car (syntax-ppss (line-beginning-position)))))
         (closing (save-excursion (back-to-indentation) (looking-at "[]})]")))
         (column (* tco-indent-offset (max 0 (- depth (if closing 1 0))))))
    (if (<= (current-column) (current-indentation))
        (indent-line-to column)
      (save-excursion (indent-line-to column)))))

;;;; The mode

;;;###autoload
(define-derived-mode tco-mode prog-mode "tco"
  "Major mode for tco plans, the unit-checked cost-planning language of tcoc."
  :syntax-table tco-mode-syntax-table
  :group 'tco
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|/\\*+\\)\\s *")
  (setq-local comment-multi-line nil)
  (setq-local parse-sexp-ignore-comments t)
  (setq-local indent-line-function #'tco-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(tco-font-lock-keywords nil nil))
  (setq-local electric-indent-chars (append "{}()[]" electric-indent-chars)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.tco\\'" . tco-mode))

(provide 'tco-mode)
;;; tco-mode.el ends here
