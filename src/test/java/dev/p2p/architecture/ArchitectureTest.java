package dev.p2p.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of the product code, as README's "How it is built" draws it: the user interfaces
 * on top, then the node's composition, then the engine, then the transport, then the plain
 * values, codecs and files at the bottom. A dependency against that flow fails the build.
 *
 * <pre>
 *   gui / cli  ->  app  ->  tracker / peer / transfer  ->  net  ->  protocol / storage / state / text / metrics
 * </pre>
 */
@AnalyzeClasses(packages = "dev.p2p", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule layersOnlyDependDownwards = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("Cli").definedBy("dev.p2p.cli..")
      .layer("Gui").definedBy("dev.p2p.gui..")
      .layer("App").definedBy("dev.p2p.app..")
      .layer("Engine").definedBy("dev.p2p.tracker..", "dev.p2p.peer..", "dev.p2p.transfer..")
      .layer("Net").definedBy("dev.p2p.net..")
      .layer("Base").definedBy("dev.p2p.protocol..", "dev.p2p.storage..", "dev.p2p.state..", "dev.p2p.text..",
          "dev.p2p.metrics..")
      .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
      // the `gui` command opens the window
      .whereLayer("Gui").mayOnlyBeAccessedByLayers("Cli")
      .whereLayer("App").mayOnlyBeAccessedByLayers("Cli", "Gui")
      .whereLayer("Engine").mayOnlyBeAccessedByLayers("App", "Cli", "Gui")
      .whereLayer("Net").mayOnlyBeAccessedByLayers("Engine", "App")
      .whereLayer("Base").mayOnlyBeAccessedByLayers("Net", "Engine", "App", "Cli", "Gui");

  @ArchTest
  static final ArchRule packagesHaveNoCycles = slices().matching("dev.p2p.(*)..").should().beFreeOfCycles();

  /** Wire messages, codecs, files and user text are plain Java: testable without an actor system. */
  @ArchTest
  static final ArchRule basePackagesUseNoActorsOrSockets = noClasses()
      .that().resideInAnyPackage("dev.p2p.protocol..", "dev.p2p.storage..", "dev.p2p.state..", "dev.p2p.text..",
          "dev.p2p.metrics..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.pekko.actor..", "org.apache.pekko.io..", "org.apache.pekko.stream.typed..")
      .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.pekko.stream.javadsl.Tcp");

  /** The text home and the values below the engine know nothing of the wire or the network. */
  @ArchTest
  static final ArchRule storageAndTextStandAlone = noClasses()
      .that().resideInAnyPackage("dev.p2p.storage..", "dev.p2p.state..", "dev.p2p.text..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.p2p.protocol..", "dev.p2p.net..");

  /**
   * The clustered tracker is built on the single-process one, never the other way: without
   * --join nothing of tracker.cluster (or of Pekko Cluster) is reached from the tracker.
   */
  @ArchTest
  static final ArchRule theTrackerDoesNotDependOnItsCluster = noClasses()
      .that().resideInAPackage("dev.p2p.tracker")
      .should().dependOnClassesThat().resideInAnyPackage("dev.p2p.tracker.cluster..", "org.apache.pekko.cluster..");

  /** View models are testable without the JavaFX toolkit: properties and collections only. */
  @ArchTest
  static final ArchRule viewModelsDoNotTouchTheScene = noClasses()
      .that().haveSimpleNameEndingWith("ViewModel")
      .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..");

  /** The GUI and CLI talk to a node through its facade, never to its actors or sockets. */
  @ArchTest
  static final ArchRule interfacesDoNotAddressActorsDirectly = noClasses()
      .that().resideInAnyPackage("dev.p2p.gui..", "dev.p2p.cli..")
      .should().dependOnClassesThat().haveSimpleNameEndingWith("Guardian")
      .orShould().dependOnClassesThat().resideInAnyPackage("dev.p2p.net..");
}
