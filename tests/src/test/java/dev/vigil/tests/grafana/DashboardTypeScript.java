package dev.vigil.tests.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dashboards as TypeScript that {@code tsc --strict} checks against Grafana's published schema (npm
 * {@code @grafana/schema}): the dashboard model, and each panel with the options and field config of its panel type.
 * A JSON file cannot be checked as it is: imported JSON widens every string to {@code string}, and the schema's
 * enums then accept nothing. So each object is written out as a literal, one per line, typed {@code Json<...>} (each
 * enum as the union of its values; unknown properties are errors, as for any object literal).
 */
final class DashboardTypeScript {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PANEL_CFG = "@grafana/schema/dist/esm/raw/composable/%s/panelcfg/x/%s_types.gen.js";

  /** A panel type's schema module: its folder and file in the package, and whether it has a field config. */
  private record PanelSchema(String folder, String file, boolean fieldConfig) {}

  /** The panel types the dashboards use; a new one fails the check until it is added here. */
  private static final Map<String, PanelSchema> PANEL_TYPES = Map.of(
      "timeseries", new PanelSchema("timeseries", "TimeSeriesPanelCfg", true),
      "table", new PanelSchema("table", "TablePanelCfg", true),
      "stat", new PanelSchema("stat", "StatPanelCfg", false),
      "bargauge", new PanelSchema("bargauge", "BarGaugePanelCfg", false),
      "geomap", new PanelSchema("geomap", "GeomapPanelCfg", false),
      "state-timeline", new PanelSchema("statetimeline", "StateTimelinePanelCfg", true));

  /** What one line of the generated file checks, for error messages. */
  record Line(String dashboard, String what) {}

  private final StringBuilder source = new StringBuilder();
  private final List<Line> lines = new ArrayList<>();

  DashboardTypeScript() {
    line(null, "import type { Dashboard, Panel, RowPanel, FieldConfigSource, FieldConfig } from '@grafana/schema';");
    PANEL_TYPES.forEach((type, schema) -> line(null, "import type * as " + alias(type) + " from '"
        + String.format(PANEL_CFG, schema.folder(), schema.file()) + "';"));
    line(null, "/** A type as its JSON holds it: each enum as the union of its values. */");
    line(null, "type Json<T> = T extends string ? `${T}` : T extends number | boolean | null | undefined ? T"
        + " : T extends ReadonlyArray<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]: Json<T[K]> } : T;");
    line(null, "/** A panel with its type's options and field config (the schema's Panel leaves both open). */");
    line(null, "type TypedPanel<O, F = Record<string, unknown>> = Omit<Panel, 'options' | 'fieldConfig'> & { options?: O;"
        + " fieldConfig?: Omit<FieldConfigSource, 'defaults'> & { defaults: Omit<FieldConfig, 'custom'> & { custom?: F } } };");
  }

  /** Adds a dashboard: the model without its panels, then each panel on a line of its own. */
  DashboardTypeScript add(String name, JsonNode dashboard) throws Exception {
    ObjectNode model = dashboard.deepCopy();
    model.putArray("panels");
    String id = "d" + lines.size();
    line(new Line(name, "the dashboard model"), "export const " + id + ": Json<Dashboard> = "
        + JSON.writeValueAsString(model) + ";");
    for (JsonNode panel : GrafanaDashboards.panels(dashboard)) {
      String type = panel.path("type").asText();
      String title = panel.path("title").asText();
      String typed;
      if (type.equals("row")) {
        typed = "Json<RowPanel>";
      } else {
        PanelSchema schema = PANEL_TYPES.get(type);
        if (schema == null) {
          throw new AssertionError(name + ": panel '" + title + "' has type '" + type + "', which the type check does"
              + " not know yet: add its @grafana/schema module to DashboardTypeScript.PANEL_TYPES");
        }
        typed = "Json<TypedPanel<" + alias(type) + ".Options" + (schema.fieldConfig() ? ", " + alias(type)
            + ".FieldConfig" : "") + ">>";
      }
      JsonNode checked = panel;
      if (type.equals("row")) {
        checked = panel.deepCopy();
        ((ObjectNode) checked).putArray("panels"); // a row's panels are checked on their own lines
      }
      line(new Line(name, "panel '" + title + "' (" + type + ")"), "export const p" + lines.size() + ": " + typed
          + " = " + JSON.writeValueAsString(checked) + ";");
    }
    return this;
  }

  String source() {
    return source.toString();
  }

  /** What the generated file's 1-based line {@code number} checks; null for the preamble. */
  Line at(int number) {
    return number >= 1 && number <= lines.size() ? lines.get(number - 1) : null;
  }

  private void line(Line what, String text) {
    lines.add(what);
    source.append(text).append('\n');
  }

  private static String alias(String panelType) {
    return panelType.replace("-", "");
  }
}
