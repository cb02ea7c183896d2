package org.inpaintij.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dialogs' Help: the user guide's own section, packed into the jar, as ImageJ's help window shows it. */
class UserGuideTest {

    @Test
    void generativeFillHelpIsTheGuidesSection() {
        String html = UserGuide.html("Generative Fill");
        assertTrue(html.startsWith("<html><h2>Generative Fill</h2>"), html);
        assertTrue(html.contains("<b>Random seed</b>: a seed is drawn when you press OK"), html);
        assertTrue(html.contains("<li><b>Prompt</b> first"), html);
        // the section ends where the next one of its level starts
        assertFalse(html.contains("Scripts, PyImageJ and headless Fiji"), html);
    }

    @Test
    void markdownBecomesSimpleHtml() {
        String md = "## A\n\nOne `key` and **bold**\nline.\n\n- item one\n  continued\n- two\n\n### B\n"
                + "text <x>\n## C\nno";
        assertEquals("## A\n\nOne `key` and **bold**\nline.\n\n- item one\n  continued\n- two\n\n### B\ntext <x>\n",
                UserGuide.section(md, "A"));
        assertEquals("<html><h2>A</h2><p>One <code>key</code> and <b>bold</b> line.</p><ul><li>item one continued"
                + "<li>two</ul><h3>B</h3><p>text &lt;x&gt;</p>", UserGuide.toHtml(UserGuide.section(md, "A")));
        assertEquals("1", Form.trimZeros("1.00"));
        assertEquals("7.5", Form.trimZeros("7.50"));
        assertEquals("seed", Form.trimZeros("seed"));
    }
}
