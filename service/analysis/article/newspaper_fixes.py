"""Fixes for newspaper3k's classes, applied by article.py (which alone imports newspaper3k).

Two kinds: a correctness fix for lxml 6 (libxml2 2.14), and faster versions of its parser's
element queries that return the same elements in the same order.
"""

from __future__ import annotations

import functools
import re
import threading

_per_thread = threading.local()


def lxml6_cleaner(base: type) -> type:
    """newspaper3k's cleaner, fixed for libxml2 >= 2.14 (lxml 6).

    When newspaper3k turns loose text inside a <div> into a paragraph it parses the text with
    ``lxml.html.fromstring``; older libxml2 wrapped leading text in an implied <p>, 2.14 wraps
    it in a <span>, so the text no longer counts as a paragraph and the wrong block wins.
    Only text that does not start with a tag is affected; it gets its <p> back here.
    """
    import lxml.html

    class Lxml6Cleaner(base):
        def get_flushed_buffer(self, replacement_text, doc):
            if replacement_text.lstrip().startswith("<"):
                return super().get_flushed_buffer(replacement_text, doc)
            return lxml.html.fragment_fromstring(replacement_text, create_parent="p")

    return Lxml6Cleaner


_BLOCK_TAGS = ("a", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul")


def faster_cleaner(base: type) -> type:
    """newspaper3k's cleaner with its furniture filter's XPath compiled once, not per node, and
    its div-to-paragraph pass asking whether a div holds a block, not for the list of them."""

    class FasterCleaner(base):
        def clean_bad_tags(self, doc):
            holds_article = _compiled_xpath(self.contains_article)
            for expression in (self.nauthy_ids_re, self.nauthy_classes_re, self.nauthy_names_re):
                for node in self.parser.xpath_re(doc, expression):
                    if not holds_article(node):
                        self.parser.remove(node)
            return doc

        def div_to_para(self, doc, dom_type):
            for div in self.parser.getElementsByTag(doc, tag=dom_type):
                if next(div.iterdescendants(*_BLOCK_TAGS), None) is None:
                    self.replace_with_para(doc, div)
                    continue
                if _only_blank_text(div):
                    # What the rebuild below comes to when the div holds no text of its own:
                    # its blank text goes, its children stay in place, and clear() drops its tail.
                    div.text = None
                    div.tail = None
                    continue
                replace_nodes = [n for n in self.get_replacement_nodes(doc, div) if n is not None]
                attrib = dict(div.attrib)  # what copy.deepcopy of an lxml attrib gives
                div.clear()
                for i, node in enumerate(replace_nodes):
                    div.insert(i, node)
                for name, value in attrib.items():
                    div.set(name, value)
            return doc

    return FasterCleaner


def _only_blank_text(div) -> bool:
    """No text in the div itself nor after any child but whitespace, and no child named <text>
    (the name newspaper3k gives the text pieces it makes)."""
    if div.text and not div.text.isspace():
        return False
    return all(child.tag != "text" and (not child.tail or child.tail.isspace()) for child in div)


def faster_text(parser: type, text_module, formatter_module) -> None:
    """newspaper3k's whitespace squeezing (a regex, then splitlines, then strip) as str.split:
    Python's regex \\s and str.split() know the same whitespace, line breaks included."""

    def inner_trim(value):
        return " ".join(value.split()) if isinstance(value, str) else ""

    def get_text(cls, node):
        return " ".join(" ".join(node.itertext()).split())

    def child_nodes_with_text(cls, node):
        # newspaper3k's, with each child's index counted instead of looked up (root.index(n)
        # made it quadratic in a container's children)
        root = node
        if root.text:
            t = lxml.html.HtmlElement()
            t.text = root.text
            t.tag = "text"
            root.text = None
            root.insert(0, t)
        inserted = 0
        for position, n in enumerate(list(root)):
            if n.tag == "text":
                continue
            if n.tail:
                root.insert(position + inserted + 1, cls.createElement(tag="text", text=n.tail, tail=None))
                inserted += 1
        return list(root)

    import lxml.html

    text_module.innerTrim = inner_trim
    formatter_module.innerTrim = inner_trim
    parser.getText = classmethod(get_text)
    parser.childNodesWithText = classmethod(child_nodes_with_text)


def faster_empty_tags(formatter: type) -> None:
    """newspaper3k's removal of empty elements from the article's node, asking whether an
    element holds any text rather than squeezing all of it (its whitespace split and joined
    again: an element's text is empty just when it is all whitespace), and whether it holds an
    <object> or <embed> rather than listing them. Half its time."""

    def remove_empty_tags(self):
        for element in reversed(self.parser.getElementsByTags(self.get_top_node(), ["*"])):
            if not any(text.strip() for text in element.itertext()) and (
                next(element.iterdescendants("object", "embed"), None) is None
            ):
                self.parser.remove(element)

    formatter.remove_empty_tags = remove_empty_tags


def faster_best_node(extractor: type) -> None:
    """newspaper3k's choice of the article's node with each paragraph's stop words counted once:
    it counted each twice, and again for every later paragraph's boost check. The tree does not
    change while it scores (only score attributes are set), so the counts stay right."""

    def calculate_best_node(self, doc):
        stopwords = self.stopwords_class(language=self.language)
        counts: dict = {}  # node -> stop-word count; the keys keep their proxies alive

        def stop_count(node) -> int:
            found = counts.get(node)
            if found is None:
                text = self.parser.getText(node)
                found = counts[node] = stopwords.get_stopword_count(text).get_stopword_count()
            return found

        def is_boostable(node) -> bool:
            steps_away = 0
            for current_node in self.walk_siblings(node):
                if self.parser.getTag(current_node) == "p":
                    if steps_away >= 3:
                        return False
                    if stop_count(current_node) > 5:
                        return True
                    steps_away += 1
            return False

        top_node = None
        starting_boost = 1.0
        nodes_with_text = [
            node
            for node in self.nodes_to_check(doc)
            if stop_count(node) > 2 and not self.is_highlink_density(node)
        ]
        nodes_number = len(nodes_with_text)
        negative_scoring = 0
        bottom_negativescore_nodes = float(nodes_number) * 0.25
        parent_nodes, seen = [], set()
        for i, node in enumerate(nodes_with_text):
            boost_score = 0.0
            if is_boostable(node):
                boost_score = float((1.0 / starting_boost) * 50)
                starting_boost += 1
            if nodes_number > 15 and (nodes_number - i) <= bottom_negativescore_nodes:
                booster = float(bottom_negativescore_nodes - (nodes_number - i))
                boost_score = float(-pow(booster, 2.0))
                if abs(boost_score) + negative_scoring > 40:
                    boost_score = 5.0
            upscore = int(stop_count(node) + boost_score)
            parent_node = self.parser.getParent(node)
            self.update_score(parent_node, upscore)
            self.update_node_count(parent_node, 1)
            if parent_node not in seen:
                seen.add(parent_node)
                parent_nodes.append(parent_node)
            parent_parent_node = self.parser.getParent(parent_node)
            if parent_parent_node is not None:
                self.update_node_count(parent_parent_node, 1)
                self.update_score(parent_parent_node, upscore / 2)
                if parent_parent_node not in seen:
                    seen.add(parent_parent_node)
                    parent_nodes.append(parent_parent_node)

        top_node_score = 0
        for e in parent_nodes:
            score = self.get_score(e)
            if score > top_node_score:
                top_node = e
                top_node_score = score
            if top_node is None:
                top_node = e
        return top_node

    extractor.calculate_best_node = calculate_best_node


def faster_stopwords(stopwords: type, word_stats: type) -> None:
    """Punctuation removal with one table built once (not per call); a regex for non-ASCII text,
    where ``str.translate`` is slow. Stop words counted by a comprehension, not a loop."""
    import string

    table = str.maketrans("", "", string.punctuation)
    pattern = re.compile(f"[{re.escape(string.punctuation)}]")

    def remove_punctuation(self, content):
        return content.translate(table) if content.isascii() else pattern.sub("", content)

    def get_stopword_count(self, content):
        ws = word_stats()
        if not content:
            return ws
        words = list(self.candidate_words(self.remove_punctuation(content).lower()))
        found = [w for w in words if w in self.STOP_WORDS]
        ws.set_word_count(len(words))
        ws.set_stopword_count(len(found))
        ws.set_stop_words(found)
        return ws

    stopwords.remove_punctuation = remove_punctuation
    stopwords.get_stopword_count = get_stopword_count


@functools.lru_cache(maxsize=8)
def _compiled_xpath(expression: str):
    import lxml.etree

    return lxml.etree.XPath(expression)


_ATTR_REGEX_XPATH = re.compile(r"//\*\[re:test\(@(\w+), '(.*)', 'i'\)\]", re.S)


def speed_up(parser: type) -> None:
    """Give newspaper3k's Parser the same answers without compiling an XPath per call.

    Its cleaner asks for elements by tag thousands of times per page and filters ids and
    classes with EXSLT regular expressions (a Python callback per node); tree iteration and
    ``re`` give the same elements in the same document order, about three times faster.
    """
    import lxml.etree
    from lxml.cssselect import CSSSelector

    slow_by_tag, slow_xpath_re = parser.getElementsByTag.__func__, parser.xpath_re.__func__

    def by_tag(cls, node, tag=None, attr=None, value=None, childs=False, use_regex=False):
        if attr and value:
            return slow_by_tag(cls, node, tag, attr, value, childs, use_regex)
        elems = list(node.iter(tag or lxml.etree.Element))
        if (tag or childs) and elems and elems[0] is node:
            del elems[0]
        return elems

    def by_tags(cls, node, tags):
        return list(node.iterdescendants(*tags))

    def xpath_re(cls, node, expression):
        found = _ATTR_REGEX_XPATH.fullmatch(expression)
        pattern = found and _compiled(found.group(2))
        if not found or pattern.search(""):
            return slow_xpath_re(cls, node, expression)
        root, values, distinct = _attribute_values(node, found.group(1))
        hits = {value for value in distinct if pattern.search(value)}  # pages repeat their classes
        elements = (found.getparent() for found, value in values if value in hits)
        return [e for e in elements if _attached(e, root)]

    selectors = functools.lru_cache(maxsize=64)(lambda css: CSSSelector(css, translator="html"))
    parser.getElementsByTag = classmethod(by_tag)
    parser.getElementsByTags = classmethod(by_tags)
    parser.xpath_re = classmethod(xpath_re)
    parser.css_select = classmethod(lambda cls, node, css: selectors(css)(node))


def faster_elements(parser: type) -> None:
    """Parse pages with lxml.html's element classes chosen in C, not by its Python lookup.

    lxml.html picks each element's class (forms, inputs, labels…) with a Python method called
    every time an element is touched: about two million calls for 300 pages, a twentieth of the
    reader's time, here and in trafilatura, which reads a copy of this tree. Neither library uses
    the form classes; every element is an ``HtmlElement`` and comments stay ``HtmlComment``. One
    parser per thread (an lxml parser must not be used by two threads at once).
    """
    import threading

    import lxml.html
    from lxml import etree

    local = threading.local()
    classes = etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )

    def html_parser():
        if not hasattr(local, "parser"):
            local.parser = lxml.html.HTMLParser()
            local.parser.set_element_class_lookup(classes)
        return local.parser

    def fromstring(cls, html):
        html = cls.get_unicode_html(html)
        try:  # as newspaper3k's own: a page it cannot parse gives None
            if html.startswith("<?"):
                html = re.sub(r"^\<\?.*?\?\>", "", html, flags=re.DOTALL)
            cls.doc = lxml.html.fromstring(html, parser=html_parser())
            return cls.doc
        except Exception:
            return None

    parser.fromstring = classmethod(fromstring)


def _attribute_values(node, attr: str) -> tuple:
    """(root, [(value, lower-cased value)], {distinct values}) for one attribute, read once
    per document. The values are lxml's "smart" strings: getparent() gives their element
    (an XPath for the values costs a third of one for the elements).

    The cleaner asks fifteen times per page; between its questions it only removes elements,
    so the list stays right once detached elements are skipped (``_attached``).
    """
    root = node.getroottree().getroot()
    entry = getattr(_per_thread, "attributes", None)
    if entry is None or entry[0] is not root:
        entry = _per_thread.attributes = (root, {})
    if attr not in entry[1]:
        values = [(value, value.lower()) for value in _values(attr)(root)]
        entry[1][attr] = (values, {value for _, value in values})
    return root, *entry[1][attr]


def _attached(elem, root) -> bool:
    return elem is root or any(parent is root for parent in elem.iterancestors())


@functools.lru_cache(maxsize=8)
def _values(attr: str):
    import lxml.etree

    return lxml.etree.XPath(f"//@{attr}")


_PLAIN_WORD = re.compile(r"\^?[\w-]+\$?")


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern:
    """The pattern, lower-cased (lower-casing the values once beats re.IGNORECASE on these long
    alternations), for ``search``: whether a value holds a match, not which one.

    An alternation of plain words, such as newspaper3k's fifty-five names of furniture that
    every id and class of a page is searched for, is written as a tree of their letters
    ("foot|footer|footnote" as "foot(?:|er|note)"): ``re`` tries every alternative at every
    place of a value, and the search takes a third of the time. The same values hold a match."""
    words = pattern.lower().split("|")
    if not all(_PLAIN_WORD.fullmatch(word) for word in words):
        return re.compile(pattern.lower())
    anchored = [word[1:] for word in words if word.startswith("^")]
    free = [word for word in words if not word.startswith("^")]
    parts = []
    if free:
        parts.append(_tree(free))
    if anchored:
        parts.append("^" + _tree(anchored))
    return re.compile("|".join(parts))


def _tree(words: list[str]) -> str:
    """One regular expression for an alternation of words, each written after the beginning it
    shares with others ("$" at a word's end stays an anchor)."""
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[:1], []).append(word[1:])
    parts = [
        ("$" if first == "$" else re.escape(first)) + _tree(rests) if first else ""
        for first, rests in branches.items()
    ]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
