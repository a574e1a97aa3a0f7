"""Action, callback and block ids: one place, so handlers and views never drift apart."""

# Modals (callback_id)
PITCH_MODAL = "pitch_modal"
PERSPECTIVE_MODAL = "perspective_modal"

# Message shortcut (declared in manifest.yml)
SAVE_AS_IDEA = "save_as_idea"

# Buttons on the pitch card
ADD_PERSPECTIVE = "idea_add_perspective"
FOLLOW = "idea_follow"
OFFER_HELP = "idea_offer_help"

# The card's overflow menu ("Edit")
CARD_MENU = "idea_card_menu"
EDIT = "edit"

# Button in the DM sent when a pitch could not be posted
RETRY_POST = "idea_retry_post"

# /idea answers and the lifecycle
IDEA_MORE = "idea_more"
OPEN_PITCH = "idea_open_pitch"
PARTNERS_MODAL = "partners_modal"
PARTNERS_BLOCK = "partners"

# Workspace settings
SETTINGS_MODAL = "settings_modal"

# App Home
HOME_PITCH = "home_pitch"
HOME_LANGUAGE = "home_language"

# The newcomer's welcome DM: one language button each, `welcome_language:fi` and so on
WELCOME_LANGUAGE = "welcome_language"

# Each input block of a form holds one input whose action_id is "value"
INPUT = "value"
PERSPECTIVE_BLOCK = "perspective"

# Facilitation: reminder digests, hand-over, the weekly check-in
ITEM_DONE = "attention_done"
ITEM_SNOOZE = "attention_snooze"
ITEM_HAND_OVER = "attention_hand_over"
IDEA_HAND_OVER = "idea_hand_over"
HAND_OVER_MODAL = "hand_over_modal"
HAND_OVER_BLOCK = "to"
CHECKIN_OPEN = "checkin_open"
CHECKIN_MODAL = "checkin_modal"

# Pairing (unmentoring): taking part, the heads-up, "Did you meet?", the learning form
PAIR_JOIN = "pair_join"
PAIR_JOIN_MODAL = "pair_join_modal"
PAIR_LEAVE = "pair_leave"
PAIR_PAUSE = "pair_pause"
PAIR_RESUME = "pair_resume"
PAIR_SKIP = "pair_skip"
PAIR_MET = "pair_met"
PAIR_NOT_YET = "pair_not_yet"
PAIR_WONT = "pair_wont"
PAIR_LEARNING_MODAL = "pair_learning_modal"

# Privacy: what is kept about a member, downloaded or erased (`/thinktank privacy`)
PRIVACY_EXPORT = "privacy_export"
PRIVACY_ERASE = "privacy_erase"

# The "in numbers" card: a facilitator posts the period they were shown to the stats channel
REPORT_POST = "report_post"

# Gatherings: the planning form, the answers on the announcement, the record form afterwards
GATHERING_PLAN_MODAL = "gathering_plan_modal"
GATHERING_IDEAS = "gathering_ideas"
GATHERING_COMING = "gathering_coming"
GATHERING_NOT_COMING = "gathering_not_coming"
GATHERING_RECORD = "gathering_record"
GATHERING_RECORD_MODAL = "gathering_record_modal"
GATHERING_CHANGE = "gathering_change"
GATHERING_CHANGE_MODAL = "gathering_change_modal"
HOME_MEET = "home_meet"

# The knowledge bank: supports, answering a challenge, similar ideas before posting, an experiment's
# learning, following tags and themes from the Home tab
IDEA_SUPPORT = "idea_support"
CHALLENGE_ANSWER = "challenge_answer"
PITCH_SIMILAR_MODAL = "pitch_similar_modal"
LEARNING_SHARE = "learning_share"
LEARNING_MODAL = "learning_modal"
HOME_FOLLOW_THEMES = "home_follow_themes"
HOME_UNFOLLOW_TOPIC = "home_unfollow_topic"
