package dev.p2p.gui.main;

import dev.p2p.storage.FileId;
import dev.p2p.storage.ShareLink;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The download bar: the field for a file ID or a link (pasted or dropped), the destination
 * folder and why "Download" is disabled. An ID is checked by {@link FileId#problem}, a link by
 * {@link ShareLink#parse}, the same checks the CLI makes. {@link #take} hands out a valid request
 * and clears the field for the next one.
 */
public final class DownloadBarViewModel {
  /** A download the user asked for: what the link (or bare ID) names. */
  public record Request(ShareLink link, Path folder) {
    public FileId id() {
      return link.id();
    }
  }

  private final StringProperty idText = new SimpleStringProperty(this, "idText", "");
  private final StringProperty destination = new SimpleStringProperty(this, "destination", "");
  private final StringBinding problem;
  private final BooleanBinding canDownload;

  public DownloadBarViewModel(Path defaultFolder) {
    destination.set(defaultFolder.toAbsolutePath().normalize().toString());
    problem = Bindings.createStringBinding(() -> problem(idText.get(), destination.get()),
        idText, destination);
    canDownload = problem.isEmpty();
  }

  /** The ID field (bound both ways to the text field). */
  public StringProperty idTextProperty() {
    return idText;
  }

  /** The folder to download into (bound both ways to its field). */
  public StringProperty destinationProperty() {
    return destination;
  }

  /** Why "Download" is disabled, or empty when it is enabled. */
  public StringBinding problemProperty() {
    return problem;
  }

  public BooleanBinding canDownloadProperty() {
    return canDownload;
  }

  /** The request in the fields, clearing the ID field; empty (fields untouched) if not valid. */
  public Optional<Request> take() {
    if (!canDownload.get()) return Optional.empty();
    Request r = new Request(ShareLink.parse(idText.get()), Path.of(destination.get().strip()));
    idText.set("");
    return Optional.of(r);
  }

  /** A request for {@code id} into the folder in the field (the ID field untouched); empty if the folder is not valid. */
  public Optional<Request> request(FileId id) {
    if (!folderProblem(destination.get()).isEmpty()) return Optional.empty();
    return Optional.of(new Request(ShareLink.of(id), Path.of(destination.get().strip())));
  }

  /** Why a download of {@code idText} into {@code destination} can't start, or "" if it can. */
  static String problem(String idText, String destination) {
    String p = isLink(idText) ? linkProblem(idText) : FileId.problem(idText);
    return p.isEmpty() ? folderProblem(destination) : p;
  }

  /** Why {@code destination} is no folder to download into, or "" if it is one. */
  static String folderProblem(String destination) {
    if (destination == null || destination.isBlank()) return "Choose a folder to download into.";
    try {
      Path.of(destination.strip());
    } catch (InvalidPathException e) {
      return "Not a valid folder: " + destination.strip();
    }
    return "";
  }

  private static boolean isLink(String text) {
    String t = text == null ? "" : text.strip();
    return t.regionMatches(true, 0, ShareLink.SCHEME, 0, ShareLink.SCHEME.length());
  }

  /** ShareLink's sentence (which never quotes the text), as the field's hint says it. */
  private static String linkProblem(String text) {
    try {
      ShareLink.parse(text);
      return "";
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      return "Not a valid link: " + m + ".";
    }
  }
}
