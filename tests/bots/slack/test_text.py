from bots.slack.text import escape, mentioned_users, plain


def test_slack_markup_becomes_the_words_the_parser_reads():
    said = ("<@UBOT> add customer Pied Piper, email <mailto:richard@piedpiper.com|richard@piedpiper.com>, "
            "site <https://piedpiper.com|piedpiper.com> &amp; <https://hooli.com> for <#C123|sales> <!here>")
    assert plain(said, "UBOT") == ("add customer Pied Piper, email richard@piedpiper.com, site piedpiper.com & "
                                   "https://hooli.com for sales")


def test_user_text_cannot_ping_or_link():
    assert escape("<!channel> <@U1> a & b") == "&lt;!channel&gt; &lt;@U1&gt; a &amp; b"


def test_user_mentions_become_the_names_given_and_the_bots_own_is_stripped():
    said = "<@UBOT> assign ticket 1042 to <@U0SAM> and show <@U0MARIA|maria.l>'s pipeline"
    assert mentioned_users(said, "UBOT") == ["U0SAM", "U0MARIA"]
    assert plain(said, "UBOT", names={"U0SAM": "Sam", "U0MARIA": "Maria"}) == \
        "assign ticket 1042 to Sam and show Maria's pipeline"


def test_without_a_name_a_mention_falls_back_to_its_label_channels_and_links_to_theirs():
    said = "ping <@U0X|xavier> in <#C0SALES|sales> about <https://acme.example/deal|the Acme deal> <@U0Y>"
    assert plain(said) == "ping xavier in sales about the Acme deal"
    assert mentioned_users("<@UBOT|crm> hi <@U1> <@U1|again>", "UBOT") == ["U1"]


def test_clipping_escaped_text_never_cuts_an_entity_in_half():
    from bots.slack.text import clip, escape
    clipped = clip(escape("ab" + "&" * 100), 12)
    assert clipped == "ab&amp;…" and len(clipped) <= 12
