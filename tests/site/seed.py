"""Fixed content: the seed post (`/work/shared/seed/ncia-post-2012-01-25-rendered.txt`, the
page as a browser showed it in Feb 2012), its comment and sidebar tweets, the sidebar's
fixed widgets, and two more hand-written posts the tests rely on.

Paragraph texts are copied verbatim from the seed, including its split paragraphs
("…branded" / "'trouble-makers'…", "Moreover," / "swingeing…") and its mix of straight
and curly quotes. The seed hid every href (`[text](#)`), so link targets are chosen here.
Mini-markup in the strings: `[text](target)` is a link, `*text*` is `<em>`; a target "/"
is the replica's home page, other targets are keys of `SEED_HREFS`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.site.model import Em, Inline, Link, Text

SEED_POST_ID = 1873
"""WordPress ID of the seed post (arbitrary, fixed)."""
SEED_COMMENT_ID = 57
"""WordPress ID of James Derounian's comment (docs/markup.md uses 57 in its example)."""
SEED_TITLE = "For Insurgency: The Case against Partnership"
SEED_SLUG = "for-insurgency-the-case-against-partnership"
SEED_LIKES = 7
SEED_COMMENT_AUTHOR = "James Derounian"
SEED_COMMENT_URL = "http://jamesderounian.example/"
# 23 days 1h48m before the default capture time: Disqus prints "3 weeks ago".
SEED_COMMENT_TIME = datetime(2012, 1, 26, 9, 42, 17, tzinfo=UTC)

SEED_HREFS = {
    "book": "http://www.policypress.co.uk/display.asp?ISB=9781847426147",
    "natcan": "http://www.natcan.org.uk/",
}

SEED_BODY_MARKUP: tuple[str, ...] = (
    (
        "For nearly two decades we have been told that ‘partnership’ is the way "
        "forward, bringing us all together in ‘one big happy family’. But is "
        "partnership working really a confidence trick, confirming and exploiting "
        "unequal power relationships? Here Professor Jonathan Davies of De Montfort "
        "University outlines the arguments and trails his recent book which locates the "
        "fashion for partnership working right in the heart of the global neo-liberal "
        "project."
    ),
    (
        "This, we are told, is an era of ‘partnership’ requiring government, business "
        "and voluntary and community organisations to cooperate for the common good. "
        "Partnership is the solution to everything from poverty and political "
        "disengagement to crime-fighting, economic development and environmental "
        "protection. If anything the ‘big society’ demands yet more partnership, with "
        "communities exhorted to run public services and plug the gap left by cuts. The "
        "zeitgeist is reflected in E. M. Forster’s epigraph to *Howard’s End*: ‘Only "
        "Connect’."
    ),
    (
        "Collaboration is nothing new. Government and voluntary organisations have "
        "always cooperated because community work relies on grants and, increasingly, "
        "contracts. What makes the last 20 years different is the explosion of "
        "partnerships: bodies like New Deal for Communities and Local Strategic "
        "Partnerships, on which community activists sit as co-decision makers. New "
        "Labour considered citizen involvement in these bodies vital for local "
        "democratic renewal and empowerment. Many community groups welcomed the "
        "partnership ‘big tent’ in 1997, after 18 years of Tory government."
    ),
    (
        "There is an enormous body of academic work reflecting on the experience of "
        "community in partnership in the UK and internationally. Some of the evidence "
        "is undoubtedly positive, but there is a pervasive sense that instead of "
        "empowering communities, partnerships were often tokenistic, manipulative and "
        "even exclusionary. The ‘control-freakery’ of public officials is one problem: "
        "when citizens raise awkward demands, they are often ignored and sometimes "
        "branded"
    ),
    (
        "'trouble-makers' by managers, themselves under intense pressure to meet "
        "targets. The difference in life-experiences between community activists and "
        "senior public officials is another challenge, making meaningful communication "
        "difficult. Some academics argue that partnerships try more-or-less subtly to "
        "change the behaviour and attitudes of community representatives. Others point "
        "to the experience of frustration at tokenistic forms of engagement. In short, "
        "partnerships appear not to have delivered much by way of community "
        "empowerment, if by this we mean an authentic and effective political voice. As "
        "a community organisation in London put it, 'networking' is 'not-working'."
    ),
    (
        "This perspective poses some difficult questions. Why did partnerships not live "
        "up to the promise? And what should campaigning community groups do about it? "
        "My book [‘Challenging Governance Theory: From Networks to Hegemony’](book) "
        "addresses the first question and touches on the second. Karl Marx saw the "
        "entanglement of the state with civil society as one of the most striking "
        "features of capitalism. He wrote: “The centralized state machinery ... entoids "
        "(inmeshes) the living civil society like a boa constrictor”. He therefore saw "
        "the liberal goal of separating state, market and civil society into autonomous "
        "realms as utopian, unrealistic."
    ),
    (
        "Marx’s insights were further developed by the Italian revolutionary Antonio "
        "Gramsci in his theories of ‘hegemony’ and the ‘integral state’. The ruling "
        "class uses the state apparatus to try and cultivate ‘hegemony’, meaning "
        "widespread assent for its ideas and activities in society as a whole. The more "
        "successful it is, the more the state can use a light touch and govern at a "
        "distance. However, Like Marx, Gramsci recognized that capitalist societies are "
        "inherently unstable and conflict-prone. Consequently, capitalism needs a "
        "strong state. Hegemony is difficult to maintain and however sincerely liberals "
        "might want to roll the state back, they cannot do it. Slashing public services "
        "does not mean it simply disappears; rather, it becomes more authoritarian. "
        "Markets have to be regulated and contracts enforced. The iniquitous and "
        "polarizing outcomes of economic competition have to be managed too. Government "
        "has to intervene to maintain social stability and order. Pickets and rioters "
        "have to be policed and imprisoned. The Occupy protestors have to be removed. "
        "The mortgage companies must be paid, defaulters evicted."
    ),
    (
        "Gramsci’s concept of the integral state explains how states are compelled to "
        "apply both ‘consensual’ and ‘coercive’ governing techniques and thus why the "
        "separation of state, market and civil society was always a liberal pipe-dream. "
        "These are quite abstract ideas, but they can help explain why partnerships "
        "seem more effective at controlling and manipulating communities than in giving "
        "them an authentic political voice. Free market fundamentalists may think what "
        "they like, but the state cannot give up these disciplinary functions. "
        "Moreover,"
    ),
    (
        "swingeing cuts are bringing the coercive 'strong state' to the fore and "
        "further undermining the prospects of an authentic partnership with "
        "communities."
    ),
    (
        "But, if this is right, what are the implications for community groups? Should "
        "they quit partnerships or continue to participate and do their best to "
        "influence decisions? This is obviously not a simple choice. Those "
        "organizations seeking government grants and contracts, or representing "
        "vulnerable client groups, are reluctant to exit dialogue with public officials "
        "because this might appear inherently self-defeating. Yet, there is "
        "considerable evidence that pressures and compromises arising from gross power "
        "inequalities undermine the autonomy of voluntary groups in these "
        "relationships. The way some partnerships co-opt community groups into "
        "decisions about where the axe should fall is a glaring example. The option of "
        "rejecting public spending cuts altogether is never allowed onto the agenda."
    ),
    (
        "And, what about the position of campaigning organisations, which see their aim "
        "as organizing and representing disadvantaged groups and fighting for social "
        "justice? The barriers to achieving this through partnership were always "
        "formidable under New Labour and appear insurmountable in the age of crisis and "
        "austerity. It would be foolish and presumptuous for an ivory tower academic to "
        "say 'never join partnerships', but the prospects for resisting cuts and "
        "defending communities through these mechanisms seem bleak. In this context, "
        "campaigning community groups may have little option but to engage in "
        "dissident, outright opposition and insurgency. Organizations like "
        "[NCIA](/) and [NATCAN](natcan) are doing excellent work in this area. "
        "The Arab Spring, the European revolt against austerity, the Occupy Wall Street "
        "movement and mass strikes in defence of pensions burst onto the scene in 2011, "
        "showcasing the potential for forceful resistance. If they are to make "
        "meaningful gains in 2012, independent community groups will be at the heart of "
        "these struggles and many others."
    ),
    (
        "Challenging Governance Theory: From Networks to Hegemony, by Jonathan S "
        "Davies, was published by The Policy Press in September 2011. "
        "[http://www.policypress.co.uk/display.asp?ISB=9781847426147](book)."
    ),
)
SEED_COMMENT_PARAGRAPHS: tuple[str, ...] = (
    ("Interesting article - thanks."),
    (
        'Some argue that partnerships try "to change the behaviour and attitudes of '
        'community representatives" .....surely this also happens in the other '
        "direction - 'professionals' changing due to exposure to community views?"
    ),
    (
        'You make/report a BIG claim: "partnerships seem more effective at controlling '
        'and manipulating communities than in giving them an authentic political voice" '
        '....PROOF!?! But on this point recommend "9 Plagues & 12 Commandments" by SA '
        "academics Botes & Van Rensburg."
    ),
    (
        '"what about the position of campaigning organisations, which see their aim as '
        "organizing and representing disadvantaged groups and fighting for social "
        "justice? Here I am totally with you - and find it ironic that Gov't has "
        "reacted so badly to the Occupy Mov't, which - to all intents and purposes - "
        "exemplifies Big Society, participation, action etc."
    ),
    ("James"),
    ("from a brightening Cheltenham"),
    ("GL50 4AZ"),
)

SEED_MORE_AT = 1
"""Index of the paragraph that starts with the "more" mark (the listing shows paragraph 0)."""
SEED_EMPTY_AFTER = 4
"""Index of the paragraph followed by the seed's empty paragraph."""
SEED_SIGNATURE = (
    "Jonathan S Davies",
    "Professor of Critical Policy Studies",
    "De Montfort University",
)
"""The last paragraph: three lines joined by `<br />`."""

_MARKUP = re.compile(r"\[([^\]]+)\]\(([^)]+)\)|\*([^*]+)\*")


def rich(markup: str, hrefs: dict[str, str] | None = None) -> tuple[Inline, ...]:
    """Parse the mini-markup into inline nodes (see the module docstring)."""
    hrefs = SEED_HREFS if hrefs is None else hrefs
    out: list[Inline] = []
    pos = 0
    for m in _MARKUP.finditer(markup):
        if m.start() > pos:
            out.append(Text(markup[pos : m.start()]))
        if m.group(3) is not None:
            out.append(Em((Text(m.group(3)),)))
        else:
            target = m.group(2)
            href = target if target.startswith("/") else hrefs[target]
            out.append(Link(href, (Text(m.group(1)),)))
        pos = m.end()
    if pos < len(markup):
        out.append(Text(markup[pos:]))
    return tuple(out)


# ---------------------------------------------------------------------------------------
# The seed's sidebar tweets (profile widget), in the order the seed shows them. The widget
# cycled through the timeline (`loop`), hence "4 days ago" above "7 hours ago". Instants
# are chosen so that the default capture time (2012-02-18T11:30Z) prints the seed's texts.

SEED_TWEET_A_TIME = datetime(2012, 2, 14, 9, 12, 0, tzinfo=UTC)  # 4 days 2h18m: "4 days ago"
SEED_TWEET_B_TIME = datetime(2012, 2, 18, 4, 5, 0, tzinfo=UTC)  # 7h25m: "7 hours ago"
SEED_TWEET_C_TIME = datetime(2012, 2, 12, 16, 20, 0, tzinfo=UTC)  # shown without a time
SEED_TWEET_A_TEXT = "5000 fewer managers, 4000 more doctors? learn to speak Lansley! "
# The seed prints these two hrefs (every other href is hidden): kept verbatim.
SEED_TWEET_A_URL = (
    "http://independentaction.net/2012/02/14/500...",
    "independentaction.net/2012/02/14/500...",
)
SEED_TWEET_B_MENTION = "OLSchoolofIdeas"
SEED_TWEET_B_TEXT = (
    ": Tim Gee author of 'Counterpower: Making Change Happen' will be coming to talk at "
    "the Sol on Wednesday evening: "
)
SEED_TWEET_B_URL = ("http://...", "http ...")
SEED_TWEET_C_TEXT = (
    "Sharing Learning and Challenges in Activism and Youth Work In Defence of Youth "
    "Work/FreeRadicals."
)
TWITTER_SCREEN_NAME = "nciaction"
TWITTER_DISPLAY_NAME = "NCIA"

# ---------------------------------------------------------------------------------------
# Hot topics: the seed's tag cloud, in the seed's order. 45 tags = WordPress's default
# cap (`number=45`), which is why the seed post's own tag "partnership working" is not
# in it: every cloud tag gets at least two posts, tags outside it exactly one.
# "Dilemma" and "Goldman" are two links in the seed, so two tags, although "Goldman"
# then breaks the cloud's name order; "matthew scott", "social policy" and "voluntary
# sector" are one link each, wrapped over two lines. "learning disabilities" appears
# twice: two tags with one name (slugs learning-disabilities, learning-disabilities-2).

CLOUD_TAGS: tuple[str, ...] = (
    "2009", "2010", "adur", "adviceuk", "andy benson", "asylum seekers", "Bob Rhodes",
    "campaign", "commissioning", "community", "community empowerment", "compact", "cuts",
    "Dilemma", "Goldman", "funder", "funding", "hammersmith & fulham", "health",
    "human rights", "independence", "ladywell", "learning disabilities",
    "learning disabilities", "managerialism", "mark wehrly", "matthew scott",
    "mental health", "NCIA work Newsletter", "notag", "Peter Bird",
    "positive action in housing", "privatisation", "public choice", "scotland",
    "second tiers", "social justice", "social policy", "social services", "sponsorship",
    "steve radford", "third sector", "usa", "vcs", "voluntary sector",
)  # fmt: skip
EXTRA_TAGS: tuple[str, ...] = ("partnership working", "localism", "big society")
"""Tags outside the cloud, one post each ("partnership working" is the seed's)."""

CATEGORIES: tuple[str, ...] = (
    "News", "Viewpoint", "Campaigns", "Events", "Inquiry", "Newsletter",
)  # fmt: skip

BLOGROLL: tuple[tuple[str, str], ...] = (
    ("Campaign for a fair society", "http://www.campaignforafairsociety.com/"),
    ("Coalition of Resistance", "http://www.coalitionofresistance.org.uk/"),
    ("Community Confusions", "http://communityconfusions.wordpress.com/"),
    ("Critically Chatting Collective", "http://criticallychatting.wordpress.com/"),
    ("Equanomics", "http://www.equanomics.org.uk/"),
    ("European Services Strategy Unit", "http://www.european-services-strategy.org.uk/"),
    ("False Economy", "http://falseeconomy.org.uk/"),
    ("In Defence of Youth Work", "http://indefenceofyouthwork.wordpress.com/"),
    ("Just Wage Campaign", "http://www.justwage.org.uk/"),
    ("National Community Activists Network", "http://www.natcan.org.uk/"),
    ("Netroots", "http://www.netrootsuk.org/"),
    ("Network X", "http://networkx.org.uk/"),
    ("Occupy London", "http://occupylsx.org/"),
    ("Our Society", "http://www.oursociety.org.uk/"),
    ("Salford Star", "http://www.salfordstar.com/"),
    ("Social Work Action Network", "http://www.socialworkfuture.org/"),
    ("Systems thinking in the public sector", "http://www.systemsthinking.co.uk/"),
    ("Voluntary Sector Cuts", "http://voluntarysectorcuts.org.uk/"),
)

SHARE_LINKS: tuple[str, ...] = (
    "Blog this!", "Bookmark on Delicious", "Digg this post", "Buzz it up",
    "Share on LinkedIn", "Share via MySpace", "Share on netvibes", "Share on Posterous",
    "share via Reddit", "Share with Stumblers", "Share on technorati", "Tumblr it",
    "Subscribe to the comments on this post", "Print for later",
)  # fmt: skip
"""The "Share and Follow" plugin's first list, after "Spread the word:"."""

FOLLOW_LINKS: tuple[str, ...] = (
    "Sign up for emails", "Become my Facebook friend", "RSS", "Tweet with me",
)  # fmt: skip

QUOTE = ("We need to be trained to be suspicious of outside interference", "NCIA newsletter reader")

# ---------------------------------------------------------------------------------------
# Two hand-written posts: the one the seed's first tweet links to, whose comments cover
# every relative-date unit at the default capture time, and the post served as
# windows-1252 (curly quotes, a pound sign and dashes, all in cp1252).

LANSLEY_POST_ID = 1911
LANSLEY_TITLE = "5000 fewer managers, 4000 more doctors? Learn to speak Lansley!"
LANSLEY_SLUG = "5000-fewer-managers-4000-more-doctors-learn-to-speak-lansley"
LANSLEY_TIME = datetime(2012, 2, 14, 8, 40, 0, tzinfo=UTC)
LANSLEY_BODY: tuple[str, ...] = (
    "The Health and Social Care Bill is back before the Lords, and with it the "
    "Secretary of State’s favourite arithmetic: 5000 fewer managers, 4000 more doctors.",
    "We asked three groups in the [health](/tag/health/) and community sector what the "
    "numbers mean on the ground. Their answers are below, with a short glossary for "
    "anyone still learning to speak Lansley.",
    "*Commissioning* means buying. *Any qualified provider* means anyone with a "
    "contract department. *Patient choice* means the choice of which queue to stand in.",
    "The full briefing from the [King’s Fund](kingsfund) is worth reading alongside "
    "the Bill itself.",
)
LANSLEY_HREFS = {"kingsfund": "http://www.kingsfund.org.uk/"}
LANSLEY_COMMENTS = (
    # (id, parent, author, url, UTC time, paragraphs)
    (3101, None, "Andy Benson", "http://andybenson.example/",
     datetime(2012, 2, 14, 15, 10, 0, tzinfo=UTC),
     ("Spot on. The glossary should be handed out at every CCG meeting.",)),
    (3102, 3101, "Siobhán O’Neill", None,
     datetime(2012, 2, 17, 20, 10, 27, tzinfo=UTC),
     ("And the ‘managers’ who go will come back as consultants.", "Siobhán")),
    (3103, 3102, "Mark Wehrly", "http://markwehrly.example/blog/",
     datetime(2012, 2, 18, 11, 5, 41, tzinfo=UTC),
     ("Already happening in our area – same people, new lanyards.",)),
)  # fmt: skip
LANSLEY_PINGBACK = (
    3104, "Voluntary Sector Cuts » Blog Archive » Learn to speak Lansley",
    "http://voluntarysectorcuts.org.uk/2012/02/15/learn-to-speak-lansley/",
    datetime(2012, 2, 15, 8, 30, 0, tzinfo=UTC),
    "[…] NCIA’s glossary of the Health and Social Care Bill […]",
)  # fmt: skip
LANSLEY_TWEET_TIME = datetime(2012, 2, 14, 8, 2, 51, tzinfo=UTC)
LANSLEY_TWEET_TEXT = (
    "Glossary for the #NHS Bill: ‘any qualified provider’ = anyone with a contracts team "
)

CP1252_POST_ID = 1402
CP1252_TITLE = "“Big Society” – who’s really paying?"
CP1252_SLUG = "big-society-whos-really-paying"
CP1252_TIME = datetime(2011, 6, 15, 13, 20, 0, tzinfo=UTC)
CP1252_BODY: tuple[str, ...] = (
    "The Prime Minister’s “Big Society” was relaunched again this week – the fourth "
    "relaunch in a year – with a £100m transition fund for charities losing contracts.",
    "£100m sounds a lot… until you set it against the £3bn the sector stands to lose "
    "by 2015. “It’s a drop in the ocean,” one chief officer told us.",
    "Who’s really paying? Local groups, volunteers and the people they serve – not the "
    "‘partners’ round the commissioning table.",
)

STATIC_PAGES: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (2, "About", "about", (
        "The National Coalition for Independent Action (NCIA) is a network of individuals "
        "and organisations committed to independent voluntary and community action.",
        "We were set up in 2006 in response to the growing pressures on voluntary "
        "organisations to become agents of the state.",
    )),
    (9, "Contact", "contact", (
        "Write to us at info@independentaction.net, or use the form in the sidebar to "
        "register your interest and receive our newsletter.",
    )),
)  # fmt: skip
