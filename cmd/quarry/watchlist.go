package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/quarryhunt/quarry/hunt/watchlist"
	"github.com/spf13/cobra"
)

func newWatchlistCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "watchlist",
		Short: "Manage watchlists for _GetWatchlist('name')",
		Long: `Watchlists are CSV files served to queries by _GetWatchlist('name') with
Sentinel's columns: _DTItemId, LastUpdatedTimeUTC, SearchKey (the key
column's value), then the CSV's columns. They are kept in the watchlists
folder of the data folder ($QUARRY_DATA/watchlists by default), which hunt
and rules check always read.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&dir, "dir", "", "watchlist folder (default: "+watchlistDir()+")")
	folder := func() (string, error) {
		if dir != "" {
			return dir, nil
		}
		if d := watchlistDir(); d != "" {
			return d, nil
		}
		return "", usagef("no data folder: set QUARRY_DATA or give --dir")
	}

	var key string
	add := &cobra.Command{
		Use:     "add NAME FILE",
		Short:   "Add (or replace) a watchlist from a CSV file",
		Example: `  quarry watchlist add VIPUsers vip.csv --key UserPrincipalName`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := folder()
			if err != nil {
				return err
			}
			w, err := watchlist.Add(d, args[0], args[1], key)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "watchlist %s: %d items, search key %s (%s)\n", w.Name, w.Table.NumRows(), w.Key, w.Source)
			return nil
		},
	}
	add.Flags().StringVar(&key, "key", "", "the column that is the SearchKey (default: the first column)")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the watchlists",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := folder()
			if err != nil {
				return err
			}
			set, err := watchlist.LoadDir(d)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tITEMS\tSEARCHKEY\tFILE")
			for _, n := range set.Names() {
				w, _ := set.Get(n)
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", w.Name, w.Table.NumRows(), w.Key, w.Source)
			}
			return tw.Flush()
		},
	}

	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a watchlist",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := folder()
			if err != nil {
				return err
			}
			return watchlist.Remove(d, args[0])
		},
	}
	cmd.AddCommand(add, list, remove)
	return cmd
}
