package dev.p2p.gui;

import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A table cell showing a whole file ID (64 hex characters, or the original program's 16) in a
 * read-only field, so that it can be selected and copied and is never shortened: {@link
 * #install} makes its column at least as wide as 64 characters of the field's monospaced font.
 */
public final class FullIdCell<S> extends TableCell<S, String> {
  /** The longest ID shown: a full SHA-256 in hex. */
  private static final int ID_CHARS = 64;
  /** A little smaller than the window's text: an ID is long, and read rather than skimmed. */
  private static final double FONT_SCALE = 0.92;
  /** The field's own padding and border, and the cell's, around the text. */
  private static final double PADDING = 24;

  private static final Font FONT = Font.font("monospace", Font.getDefault().getSize() * FONT_SCALE);
  private final TextField field = new TextField();

  private FullIdCell() {
    field.setEditable(false);
    field.setFont(FONT);
    field.getStyleClass().add("file-id");
  }

  /** Gives {@code column} these cells and a minimum width that fits a whole 64-hex ID. */
  public static <S> void install(TableColumn<S, String> column) {
    Text sample = new Text("0".repeat(ID_CHARS));
    sample.setFont(FONT);
    double width = Math.ceil(sample.getLayoutBounds().getWidth()) + PADDING;
    column.setMinWidth(width);
    column.setPrefWidth(width);
    column.setCellFactory(c -> new FullIdCell<>());
  }

  @Override
  protected void updateItem(String id, boolean empty) {
    super.updateItem(id, empty);
    field.setText(empty || id == null ? "" : id);
    setGraphic(empty || id == null ? null : field);
  }
}
