package dev.p2p.gui.main;

import dev.p2p.storage.FileId;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The download bar: the file ID field, the destination folder and why "Download" is disabled.
 * The ID is checked by {@link FileId#problem}, the same check the CLI makes. {@link #take} hands
 * out a valid request and clears the field for the next ID.
 */
public final class DownloadBarViewModel {
  /** A download the user asked for. */
  public record Request(FileId id, Path folder) {}

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
    Request r = new Request(FileId.parse(idText.get()), Path.of(destination.get().strip()));
    idText.set("");
    return Optional.of(r);
  }

  /** Why a download of {@code idText} into {@code destination} can't start, or "" if it can. */
  static String problem(String idText, String destination) {
    String p = FileId.problem(idText);
    if (!p.isEmpty()) return p;
    if (destination == null || destination.isBlank()) return "Choose a folder to download into.";
    try {
      Path.of(destination.strip());
    } catch (InvalidPathException e) {
      return "Not a valid folder: " + destination.strip();
    }
    return "";
  }
}
