package org.defaulterivr.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The channel's side of one call: its state (answered, early media sent, hung up) and the reply to each command,
 * following res_agi.c's handlers.
 */
final class Channel {
    private final CallScript script;
    private final String soundsUrlBase;
    private final SoundFiles sounds;
    private final DialogueRecorder dialogue;
    final Map<String, String> variables = new LinkedHashMap<>();
    final List<Playback> playbacks = new ArrayList<>();
    boolean progressSent;
    private boolean answered;
    private boolean dead;
    boolean hungUp;
    boolean commandFailed;
    private boolean hangupDone;

    Channel(CallScript script, String soundsUrlBase, SoundFiles sounds, DialogueRecorder dialogue) {
        this.script = script;
        this.soundsUrlBase = soundsUrlBase;
        this.sounds = sounds;
        this.dialogue = dialogue;
    }

    List<String> reply(String line) {
        List<String> args = ResAgi.splitArguments(line);
        Optional<ResAgi.KnownCommand> known = ResAgi.KnownCommand.match(args);
        if (known.isEmpty()) {
            return List.of(ResAgi.UNKNOWN_COMMAND);
        }
        ResAgi.KnownCommand command = known.get();
        if (dead && !command.runsDead) {
            return List.of(ResAgi.DEAD_CHANNEL);
        }
        return switch (command) {
            case ANSWER -> {
                answered = true;
                yield List.of("200 result=0");
            }
            case EXEC -> exec(args);
            case VERBOSE -> List.of("200 result=1");
            case NOOP -> List.of("200 result=0");
            case GET_VARIABLE -> args.size() != 3 ? List.of(ResAgi.BAD_SYNTAX) : getVariable(args.get(2));
            case GET_FULL_VARIABLE -> args.size() < 4 ? List.of(ResAgi.BAD_SYNTAX) : getFullVariable(args.get(3));
            case SET_VARIABLE -> {
                if (args.size() != 4) {
                    yield List.of(ResAgi.BAD_SYNTAX);
                }
                variables.put(args.get(2), args.get(3));
                yield List.of("200 result=1");
            }
            case CHANNEL_STATUS -> List.of("200 result=" + (answered ? 6 : 4));
            case STREAM_FILE -> streamFile(args);
            case HANGUP -> {
                hangUp("the server hung up the channel");
                yield List.of("200 result=1", "HANGUP");
            }
            default -> {
                note("the simulator does not model " + String.join(" ", command.words).toUpperCase(Locale.ROOT)
                        + "; replied 200 result=0");
                yield List.of("200 result=0");
            }
        };
    }

    private List<String> exec(List<String> args) {
        if (args.size() < 2) {
            return List.of(ResAgi.BAD_SYNTAX);
        }
        String application = args.get(1);
        if (!dead && application.equalsIgnoreCase("Progress")) {
            if (answered) {
                note("channel already answered: Progress sends nothing");
            } else {
                progressSent = true;
                note("caller gets 183 Session Progress: early media, call not answered, not billed");
            }
        } else if (!dead && application.equalsIgnoreCase("Answer")) {
            answered = true;
        }
        return List.of("200 result=0");
    }

    private List<String> getVariable(String name) {
        String value = variables.get(name);
        if (value == null) {
            value = switch (name) {
                case "CALLERID(num)" -> "unknown".equals(script.callerNumber()) ? null : script.callerNumber();
                case "CALLERID(name)" -> "unknown".equals(script.callerName()) ? null : script.callerName();
                case "UNIQUEID" -> script.uniqueId();
                case "CHANNEL" -> script.channelName();
                default -> null;
            };
        }
        return List.of(value == null ? "200 result=0" : "200 result=1 (" + value + ")");
    }

    private List<String> getFullVariable(String expression) {
        if (expression.startsWith("${") && expression.endsWith("}")) {
            return getVariable(expression.substring(2, expression.length() - 1));
        }
        return List.of("200 result=0");
    }

    private List<String> streamFile(List<String> args) {
        if (args.size() < 4 || args.size() > 5) {
            return ResAgi.STREAM_FILE_USAGE;
        }
        String file = args.get(2);
        long offset = 0;
        if (args.size() == 5) {
            try {
                offset = Long.parseLong(args.get(4));
            } catch (NumberFormatException e) {
                return ResAgi.STREAM_FILE_USAGE;
            }
        }
        long totalSamples = script.playback() instanceof NoticePlayback.FileMissing
                ? -1 : sounds.samplesOf(file, script, soundsUrlBase, dialogue);
        if (totalSamples < 0) {
            // handle_streamfile: ast_openstream failed; the command fails, so AGISTATUS ends as FAILURE
            commandFailed = true;
            String reply = "200 result=-1 endpos=" + offset;
            playbacks.add(new Playback(file, -1, 0, reply));
            return List.of(reply);
        }
        long startSample = Math.min(Math.max(offset, 0), totalSamples);
        if (script.playback() instanceof NoticePlayback.CallerHangsUpAfter hangup && !hangupDone) {
            hangupDone = true;
            long heardSamples = hangup.heard().toMillis() * SoundFiles.SAMPLES_PER_MS;
            if (startSample + heardSamples < totalSamples) {
                waitIfRealtime(hangup.heard().toMillis());
                String reply = "200 result=-1 endpos=" + (startSample + heardSamples);
                playbacks.add(new Playback(file, totalSamples / SoundFiles.SAMPLES_PER_MS, hangup.heard().toMillis(),
                        reply));
                // the -1 came from a hangup, so run_agi() does not count it as a failure; it sends HANGUP at once
                hangUp("caller hung up " + hangup.heard().toMillis() + " ms into the file");
                return List.of(reply, "HANGUP");
            }
        }
        long heardMs = (totalSamples - startSample) / SoundFiles.SAMPLES_PER_MS;
        waitIfRealtime(heardMs);
        String reply = "200 result=0 endpos=" + totalSamples;
        playbacks.add(new Playback(file, totalSamples / SoundFiles.SAMPLES_PER_MS, heardMs, reply));
        return List.of(reply);
    }

    private void hangUp(String why) {
        note(why);
        dead = true;
        hungUp = true;
    }

    private void waitIfRealtime(long ms) {
        if (!script.realtime() || ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void note(String text) {
        dialogue.note(text);
    }
}
